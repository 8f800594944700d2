/**
 * The snapshot: one deterministic, secret-free JSON document of everything that decides who may sign
 * in where (PRODUCT.md section 4). Every list is sorted, so the same authentik state serialises to the
 * same bytes apart from `takenAt`.
 */
export interface Snapshot {
  schemaVersion: 1;
  /** ISO 8601 instant the snapshot was taken; also the "now" against which binding expiry is judged. */
  takenAt: string;
  source: SnapshotSource;
  settings: SnapshotSettings;
  /** Sorted by pk. */
  users: SnapshotUser[];
  /** Sorted by name, then pk. */
  groups: SnapshotGroup[];
  /** Sorted by slug. */
  applications: SnapshotApplication[];
  /** Sorted by target, order, pk. */
  bindings: SnapshotBinding[];
  completeness: SnapshotCompleteness;
}

export interface SnapshotSource {
  /** authentik base URL, without `/api/v3` and without credentials. */
  url: string;
  /** As `GET /admin/version/` reports it (`version_current`), or null when it could not be read. */
  authentikVersion: string | null;
}

export interface SnapshotSettings {
  /** The tenant's `core_default_app_access` flag: what an app with no enabled binding does. */
  defaultAppAccess: boolean;
  /** False when the flag could not be read (403, or an authentik before 2026.5); then `defaultAppAccess` is true. */
  defaultAppAccessKnown: boolean;
}

export interface SnapshotUser {
  pk: number;
  username: string;
  name: string;
  isActive: boolean;
  /** As authentik reports it: inherited from any ancestor group with `is_superuser`. */
  isSuperuser: boolean;
  /** `internal`, `external`, `service_account`, `internal_service_account`. */
  type: string;
}

export interface SnapshotGroup {
  pk: string;
  name: string;
  isSuperuser: boolean;
  /** Parent group pks, normalised from `parent` (authentik <= 2025.10) or `parents` (>= 2025.12). Sorted. */
  parents: string[];
  /** Direct member user pks, sorted ascending. */
  members: number[];
}

export type PolicyEngineMode = "any" | "all";

export interface SnapshotApplication {
  /** The application's pbm uuid: the value bindings carry as `target`. */
  pk: string;
  slug: string;
  name: string;
  policyEngineMode: PolicyEngineMode;
}

export type BindingKind = "group" | "user" | "policy";

export interface SnapshotBinding {
  pk: string;
  /** pbm uuid of what the binding is attached to (an application's pk, or a flow/source for other targets). */
  target: string;
  kind: BindingKind;
  /** Group pk when kind is "group", else null. */
  group: string | null;
  /** User pk when kind is "user", else null. */
  user: number | null;
  /** Policy pk when kind is "policy", else null. */
  policy: string | null;
  /** The policy's name when kind is "policy" and authentik sent it, else null. */
  policyName: string | null;
  enabled: boolean;
  negate: boolean;
  order: number;
  /** authentik >= 2026.8: when the binding stops counting. Absent when the server does not send it. */
  expires?: string | null;
}

export interface SnapshotCompleteness {
  complete: boolean;
  /** One sentence each, e.g. "the token's user is not a superuser: ...". Sorted. */
  problems: string[];
}

/** The part of a snapshot that decides access: what both the live and the documented state provide. */
export type AccessState = Pick<Snapshot, "takenAt" | "settings" | "users" | "groups" | "applications" | "bindings">;
