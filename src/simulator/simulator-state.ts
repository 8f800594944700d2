/**
 * The simulator's state: a JSON document a person can read and edit. Entity fields use authentik's
 * own snake_case names so a state file reads like the API it stands for.
 *
 * References: users are named by `username` everywhere (group members, token owners, user
 * bindings) because that is what a runbook talks about; groups, applications, policies and
 * bindings are named by their `pk`, as authentik itself does.
 */
export interface SimulatorState {
  /** The authentik version to imitate, e.g. "2026.5.6". Decides response shapes and paging rules. */
  version: string;
  settings?: SimulatorSettings;
  tokens: SimulatorToken[];
  users: SimulatorUser[];
  groups: SimulatorGroup[];
  applications: SimulatorApplication[];
  policies?: SimulatorPolicy[];
  bindings: SimulatorBinding[];
  /**
   * authentik's event log, oldest first. Seed past events here; every write through the API appends
   * the events authentik's audit middleware would record (see `record-model-event.ts`).
   */
  events?: SimulatorEvent[];
}

export interface SimulatorSettings {
  /** `pagination_default_page_size` (authentik 2025.12 and later); 20 when absent. */
  defaultPageSize?: number;
  /** `pagination_max_page_size` (authentik 2025.12 and later); 100 when absent. */
  maxPageSize?: number;
  /**
   * The tenant's stored flags, served as they are. A key that is absent here is absent from
   * `GET /admin/settings/` too (authentik returns the stored dict); `core_default_app_access`
   * is only served, and only consulted, on 2026.5 and later.
   */
  flags?: SimulatorFlags;
}

export interface SimulatorFlags {
  core_default_app_access?: boolean;
  enterprise_audit_include_expanded_diff?: boolean;
  flows_continuous_login?: boolean;
  flows_refresh_others?: boolean;
}

/**
 * Global (not object-level) RBAC permissions a non-superuser token may carry. Superusers hold all
 * of them. Named by codename; the app label is added where authentik shows it.
 */
export type SimulatorPermission =
  | "view_user"
  | "view_group"
  | "view_application"
  | "view_user_applications"
  | "view_policybinding"
  | "view_system_settings"
  | "view_event"
  | "add_group"
  | "change_group"
  | "enable_group_superuser"
  | "disable_group_superuser"
  | "add_user_to_group"
  | "remove_user_from_group"
  | "add_policybinding"
  | "change_policybinding"
  | "delete_policybinding"
  | "change_application"
  | "view_expressionpolicy";

export interface SimulatorToken {
  /** The bearer token's key, as sent in `Authorization: Bearer <key>`. */
  key: string;
  /** Owner's username. An inactive owner makes the token invalid, as in authentik. */
  user: string;
  /** Global permissions, held through one role (`GET /rbac/permissions/?role=` lists them). */
  permissions?: SimulatorPermission[];
  /**
   * Object permissions: view permission on single objects only. Without the global permission a
   * list answers with just these objects, 200 and a count that matches (authentik's `ObjectFilter`).
   */
  objectPermissions?: SimulatorObjectPermissions;
}

/** Objects a token's user may view one by one, each named as the state names it. */
export interface SimulatorObjectPermissions {
  /** Usernames. */
  view_user?: string[];
  /** Group pks. */
  view_group?: string[];
  /** Application slugs (they open the detail route; the application list is filtered by access instead). */
  view_application?: string[];
  /** Binding pks. */
  view_policybinding?: string[];
}

export type SimulatorUserType = "internal" | "external" | "service_account" | "internal_service_account";

export interface SimulatorUser {
  pk: number;
  username: string;
  name?: string;
  email?: string;
  /** Default true. */
  is_active?: boolean;
  /** Default "internal". */
  type?: SimulatorUserType;
  path?: string;
  attributes?: Record<string, unknown>;
  /** ISO date-time or null (the default). */
  last_login?: string | null;
  /** ISO date-time; a fixed date when absent so responses stay deterministic. */
  date_joined?: string;
  /** Derived from `pk` when absent. */
  uuid?: string;
}

export interface SimulatorGroup {
  /** UUID. */
  pk: string;
  name: string;
  /** Default false. Inherited by members of every descendant group. */
  is_superuser?: boolean;
  /** Parent group pks. Versions before 2025.12 allow at most one parent. */
  parents?: string[];
  /** Direct members, by username, in the order they joined. */
  members?: string[];
  attributes?: Record<string, unknown>;
}

export type SimulatorEngineMode = "any" | "all";

export interface SimulatorApplication {
  /** UUID (authentik's `pbm_uuid`): what bindings carry as `target`. */
  pk: string;
  slug: string;
  name: string;
  /** Default "any". */
  policy_engine_mode?: SimulatorEngineMode;
  meta_launch_url?: string;
  meta_description?: string;
  meta_publisher?: string;
  /** The application's UI group label (not an authentik group). */
  group?: string;
  open_in_new_tab?: boolean;
  meta_hide?: boolean;
}

/**
 * A policy with a fixed outcome, served as authentik's dummy policy, or as an expression policy when
 * it has an `expression` (listed by `/policies/expression/`). The simulator never runs the expression:
 * `results` stands in for a policy whose answer depends on who asks (a username listed there gets that
 * result), everyone else gets `result`. A snapshot cannot see either, which is what makes its users
 * indeterminate.
 */
export interface SimulatorPolicy {
  /** UUID. */
  pk: string;
  name: string;
  result: boolean;
  /** Python source, as an expression policy holds it. */
  expression?: string;
  /** Per-username results that override `result`. */
  results?: Record<string, boolean>;
}

/**
 * One row of authentik's event log, stored as authentik stores it (the `Event` model's columns), so a
 * seeded event reads like the API's answer. `context.model` is `{app, model_name, pk, name}`, with a
 * UUID pk as 32 hex digits without dashes (authentik's `sanitize_item` stores `UUID.hex`).
 */
export interface SimulatorEvent {
  /** UUID. */
  pk: string;
  /** An `EventActions` value, e.g. "model_deleted". */
  action: string;
  /** The module that logged it; "authentik.events.middleware" for model changes. */
  app: string;
  /** `{pk, username, email}` of the acting user, as authentik's `get_user` stores it. */
  user: Record<string, unknown>;
  context: Record<string, unknown>;
  client_ip: string | null;
  /** ISO date-time with microseconds, e.g. "2026-11-30T14:02:00.000000Z". */
  created: string;
  /** ISO date-time; `created` plus the retention (365 days) when absent. */
  expires?: string;
  brand?: Record<string, unknown>;
}

export interface SimulatorBinding {
  /** UUID. */
  pk: string;
  /** Application pk. */
  target: string;
  /** Exactly one of `group` (group pk), `user` (username) and `policy` (policy pk). */
  group?: string;
  user?: string;
  policy?: string;
  /** Default true. */
  enabled?: boolean;
  /** Default false. */
  negate?: boolean;
  /** Default 0. */
  order?: number;
  /** Default 30. */
  timeout?: number;
  /** Default false. */
  failure_result?: boolean;
  /** ISO date-time after which the binding no longer counts (authentik 2026.8 and later). */
  expires?: string | null;
}
