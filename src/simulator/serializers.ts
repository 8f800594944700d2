import { createHash } from "node:crypto";
import type {
  Application,
  Event,
  ExpressionPolicy,
  Group,
  PartialGroup,
  PartialUser,
  PatchedSettingsRequestFlags,
  Permission,
  Policy,
  PolicyBinding,
  PolicyTestResult,
  RelatedGroup,
  SessionUser,
  Settings,
  User,
  UserSelf,
  UserSelfRoles,
  Version,
} from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import type {
  SimulatorApplication,
  SimulatorBinding,
  SimulatorEvent,
  SimulatorGroup,
  SimulatorPermission,
  SimulatorPolicy,
  SimulatorUser,
} from "./simulator-state.js";
import type { Wire } from "./wire.js";

/**
 * Response builders. Each object literal is checked with `satisfies Wire<Model>` against the
 * official `@goauthentik/api` model, so a missing or misspelt field fails the type check. Fields
 * a version did not have yet are removed after the check (see `resolveFeatures`).
 */

/** Groups before 2025.12: one `parent` and its `parent_name` instead of `parents`; no inherited roles. */
export type LegacyWireGroup = Omit<Wire<Group>, "parents" | "parents_obj" | "children" | "children_obj" | "inherited_roles_obj"> & {
  parent: string | null;
  parent_name: string | null;
  /** 2025.8 to 2025.10 only. */
  children?: string[];
  children_obj?: Wire<RelatedGroup>[] | null;
};

/** `pbm_uuid` (2026.8) and `meta_hide` (2026.5) are absent on older versions. */
export type VersionedWireApplication = Omit<Wire<Application>, "pbm_uuid"> & { pbm_uuid?: string };

/** `expires`/`expiring` (2026.8) are absent on older versions. */
export type VersionedWirePolicyBinding = Omit<Wire<PolicyBinding>, "expires" | "expiring"> &
  Partial<Pick<Wire<PolicyBinding>, "expires" | "expiring">>;

/**
 * authentik returns the tenant's stored flags dict, which may lack keys the schema lists as
 * required (a flag never saved, or one the version does not know yet).
 */
export type StoredWireSettings = Omit<Wire<Settings>, "flags"> & {
  flags: Partial<Wire<PatchedSettingsRequestFlags>>;
};

// Fixed instants keep responses byte-for-byte deterministic across runs.
const defaultDate = "2025-01-01T00:00:00Z";
const defaultAvatar = "/static/dist/assets/images/user_default.png";

const permissionLabels: Record<SimulatorPermission, string> = {
  view_user: "authentik_core",
  view_group: "authentik_core",
  view_application: "authentik_core",
  view_user_applications: "authentik_core",
  add_group: "authentik_core",
  change_group: "authentik_core",
  enable_group_superuser: "authentik_core",
  disable_group_superuser: "authentik_core",
  add_user_to_group: "authentik_core",
  remove_user_from_group: "authentik_core",
  view_policybinding: "authentik_policies",
  add_policybinding: "authentik_policies",
  change_policybinding: "authentik_policies",
  delete_policybinding: "authentik_policies",
  change_application: "authentik_core",
  view_expressionpolicy: "authentik_policies_expression",
  view_system_settings: "authentik_rbac",
  view_event: "authentik_events",
};

export function serializeVersion(index: StateIndex): Wire<Version> {
  return {
    version_current: index.state.version,
    version_latest: index.state.version,
    version_latest_valid: true,
    build_hash: "",
    outdated: false,
    outpost_outdated: false,
  } satisfies Wire<Version>;
}

/**
 * `users/me`. `system_permissions` lists only the `authentik_rbac` permissions, without their app
 * label (`UserSelfSerializer.get_system_permissions`): it cannot tell whether the user may view
 * users or groups; the roles' permissions (`GET /rbac/permissions/?role=`) can.
 */
export function serializeSessionUser(
  index: StateIndex,
  user: SimulatorUser,
  permissions: readonly SimulatorPermission[],
  roles: readonly Wire<UserSelfRoles>[] = [],
): Wire<SessionUser> {
  const self = {
    pk: user.pk,
    username: user.username,
    name: user.name ?? "",
    is_active: user.is_active ?? true,
    is_superuser: index.isSuperuser(user.username),
    is_current: true,
    groups: index.directGroupsOf(user.username).map((g) => ({ name: g.name, pk: g.pk })),
    roles: [...roles],
    email: user.email ?? "",
    avatar: defaultAvatar,
    uid: userUid(user),
    settings: {},
    type: user.type ?? "internal",
    system_permissions: permissions.filter((p) => permissionLabels[p] === "authentik_rbac"),
  } satisfies Wire<UserSelf>;
  return { user: self, users: [self] } satisfies Wire<SessionUser>;
}

const permissionModels: Record<SimulatorPermission, { model: string; verbose: string; name: string }> = {
  view_user: { model: "user", verbose: "User", name: "Can view User" },
  view_group: { model: "group", verbose: "Group", name: "Can view group" },
  view_application: { model: "application", verbose: "Application", name: "Can view Application" },
  view_user_applications: { model: "user", verbose: "User", name: "View applications the user has access to" },
  add_group: { model: "group", verbose: "Group", name: "Can add group" },
  change_group: { model: "group", verbose: "Group", name: "Can change group" },
  enable_group_superuser: { model: "group", verbose: "Group", name: "Enable superuser status" },
  disable_group_superuser: { model: "group", verbose: "Group", name: "Disable superuser status" },
  add_user_to_group: { model: "group", verbose: "Group", name: "Add user to group" },
  remove_user_from_group: { model: "group", verbose: "Group", name: "Remove user from group" },
  view_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can view Policy Binding" },
  add_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can add Policy Binding" },
  delete_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can delete Policy Binding" },
  view_system_settings: { model: "systempermission", verbose: "system permission", name: "Can view system settings" },
  view_event: { model: "event", verbose: "Event", name: "Can view Event" },
  change_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can change Policy Binding" },
  change_application: { model: "application", verbose: "Application", name: "Can change Application" },
  view_expressionpolicy: { model: "expressionpolicy", verbose: "Expression Policy", name: "Can view Expression Policy" },
};

const appLabelsVerbose: Record<string, string> = {
  authentik_core: "authentik Core",
  authentik_policies: "authentik Policies",
  authentik_rbac: "authentik RBAC",
  authentik_events: "authentik Events",
  authentik_policies_expression: "authentik Policies.Expression",
};

/** Every permission the simulator knows, in a fixed order (its `id`s follow it). */
export const simulatorPermissions = Object.keys(permissionModels) as SimulatorPermission[];

/** A global permission as `GET /rbac/permissions/` lists it. */
export function serializePermission(permission: SimulatorPermission): Wire<Permission> {
  const { model, verbose, name } = permissionModels[permission];
  const appLabel = permissionLabels[permission];
  return {
    id: simulatorPermissions.indexOf(permission) + 1,
    name,
    codename: permission,
    model,
    app_label: appLabel,
    app_label_verbose: appLabelsVerbose[appLabel] ?? appLabel,
    model_verbose: verbose,
  } satisfies Wire<Permission>;
}

export function serializeSettings(index: StateIndex): StoredWireSettings {
  const { features, state } = index;
  const flags: Partial<Wire<PatchedSettingsRequestFlags>> = { ...state.settings?.flags };
  if (!features.defaultAppAccessFlag) delete flags.core_default_app_access;
  const settings = {
    avatars: "gravatar,initials",
    default_user_change_name: true,
    default_user_change_email: false,
    default_user_change_username: false,
    event_retention: "days=365",
    reputation_lower_limit: -5,
    reputation_upper_limit: 5,
    footer_links: [],
    gdpr_compliance: true,
    impersonation: true,
    impersonation_require_reason: true,
    default_token_duration: "minutes=30",
    default_token_length: 60,
    pagination_default_page_size: state.settings?.defaultPageSize ?? 20,
    pagination_max_page_size: state.settings?.maxPageSize ?? 100,
    flags,
  } satisfies StoredWireSettings;
  if (!features.tenantPagination) {
    delete (settings as Partial<StoredWireSettings>).pagination_default_page_size;
    delete (settings as Partial<StoredWireSettings>).pagination_max_page_size;
  }
  return settings;
}

export function serializePartialUser(user: SimulatorUser): Wire<PartialUser> {
  return {
    pk: user.pk,
    username: user.username,
    name: user.name ?? "",
    is_active: user.is_active ?? true,
    last_login: user.last_login ?? null,
    email: user.email ?? "",
    attributes: user.attributes ?? {},
    uid: userUid(user),
  } satisfies Wire<PartialUser>;
}

export function serializeUser(
  index: StateIndex,
  user: SimulatorUser,
  options: { includeGroups: boolean; includeRoles: boolean },
): Wire<User> {
  const groups = index.directGroupsOf(user.username);
  return {
    pk: user.pk,
    username: user.username,
    name: user.name ?? "",
    is_active: user.is_active ?? true,
    last_login: user.last_login ?? null,
    date_joined: user.date_joined ?? defaultDate,
    is_superuser: index.isSuperuser(user.username),
    groups: groups.map((g) => g.pk),
    groups_obj: options.includeGroups ? groups.map(serializePartialGroup) : null,
    roles: [],
    roles_obj: options.includeRoles ? [] : null,
    email: user.email ?? "",
    avatar: defaultAvatar,
    attributes: user.attributes ?? {},
    uid: userUid(user),
    path: user.path ?? "users",
    type: user.type ?? "internal",
    uuid: user.uuid ?? userUuid(user.pk),
    password_change_date: user.date_joined ?? defaultDate,
    last_updated: user.date_joined ?? defaultDate,
  } satisfies Wire<User>;
}

export function serializePartialGroup(group: SimulatorGroup): Wire<PartialGroup> {
  return {
    pk: group.pk,
    num_pk: groupNumPk(group.pk),
    name: group.name,
    is_superuser: group.is_superuser ?? false,
    attributes: group.attributes ?? {},
  } satisfies Wire<PartialGroup>;
}

function serializeRelatedGroup(group: SimulatorGroup): Wire<RelatedGroup> {
  return {
    pk: group.pk,
    name: group.name,
    is_superuser: group.is_superuser ?? false,
    attributes: group.attributes ?? {},
    group_uuid: group.pk,
  } satisfies Wire<RelatedGroup>;
}

export interface GroupSerializeOptions {
  includeUsers: boolean;
  includeParents: boolean;
  includeChildren: boolean;
  includeInheritedRoles: boolean;
}

export function serializeGroup(index: StateIndex, group: SimulatorGroup, options: GroupSerializeOptions): Wire<Group> | LegacyWireGroup {
  const members = memberUsers(index, group);
  const children = index.childrenOf(group.pk);
  if (!index.features.groupParents) return serializeLegacyGroup(index, group, members, children, options);
  const parents = existingParents(index, group);
  return {
    pk: group.pk,
    num_pk: groupNumPk(group.pk),
    name: group.name,
    is_superuser: group.is_superuser ?? false,
    parents: parents.map((g) => g.pk),
    parents_obj: options.includeParents ? parents.map(serializeRelatedGroup) : null,
    users: members.map((u) => u.pk),
    users_obj: options.includeUsers ? members.map(serializePartialUser) : null,
    attributes: group.attributes ?? {},
    roles: [],
    roles_obj: [],
    inherited_roles_obj: options.includeInheritedRoles ? [] : null,
    children: children.map((g) => g.pk),
    children_obj: options.includeChildren ? children.map(serializeRelatedGroup) : null,
  } satisfies Wire<Group>;
}

function serializeLegacyGroup(
  index: StateIndex,
  group: SimulatorGroup,
  members: readonly SimulatorUser[],
  children: readonly SimulatorGroup[],
  options: GroupSerializeOptions,
): LegacyWireGroup {
  const parent = existingParents(index, group)[0] ?? null;
  const legacy = {
    pk: group.pk,
    num_pk: groupNumPk(group.pk),
    name: group.name,
    is_superuser: group.is_superuser ?? false,
    parent: parent?.pk ?? null,
    parent_name: parent?.name ?? null,
    users: members.map((u) => u.pk),
    users_obj: options.includeUsers ? members.map(serializePartialUser) : null,
    attributes: group.attributes ?? {},
    roles: [],
    roles_obj: [],
  } satisfies LegacyWireGroup;
  if (!index.features.groupChildren) return legacy;
  return {
    ...legacy,
    children: children.map((g) => g.pk),
    children_obj: options.includeChildren ? children.map(serializeRelatedGroup) : null,
  } satisfies LegacyWireGroup;
}

export function serializeApplication(index: StateIndex, app: SimulatorApplication): VersionedWireApplication {
  const launchUrl = app.meta_launch_url ?? "";
  const wire = {
    pk: app.pk,
    pbm_uuid: app.pk,
    name: app.name,
    slug: app.slug,
    provider: null,
    provider_obj: null,
    backchannel_providers: [],
    backchannel_providers_obj: [],
    launch_url: launchUrl === "" ? null : launchUrl,
    open_in_new_tab: app.open_in_new_tab ?? false,
    meta_launch_url: launchUrl,
    meta_icon: "",
    meta_icon_url: null,
    meta_icon_themed_urls: null,
    meta_description: app.meta_description ?? "",
    meta_publisher: app.meta_publisher ?? "",
    policy_engine_mode: app.policy_engine_mode ?? "any",
    group: app.group ?? "",
    meta_hide: app.meta_hide ?? false,
  } satisfies Wire<Application>;
  const versioned: VersionedWireApplication = wire;
  if (!index.features.applicationPbmUuid) delete versioned.pbm_uuid;
  if (!index.features.applicationMetaHide) delete versioned.meta_hide;
  return versioned;
}

function serializePolicy(index: StateIndex, policy: SimulatorPolicy): Wire<Policy> {
  if (policy.expression !== undefined) {
    const { expression: _expression, ...base } = serializeExpressionPolicy(index, policy);
    return base satisfies Wire<Policy>;
  }
  return {
    pk: policy.pk,
    name: policy.name,
    execution_logging: false,
    component: "ak-policy-dummy-form",
    verbose_name: "Dummy Policy",
    verbose_name_plural: "Dummy Policies",
    meta_model_name: "authentik_policies_dummy.dummypolicy",
    bound_to: index.policyBindingCount(policy.pk),
  } satisfies Wire<Policy>;
}

/** A policy with an `expression`, as `/policies/expression/` serves it. */
export function serializeExpressionPolicy(index: StateIndex, policy: SimulatorPolicy): Wire<ExpressionPolicy> {
  return {
    pk: policy.pk,
    name: policy.name,
    execution_logging: false,
    component: "ak-policy-expression-form",
    verbose_name: "Expression Policy",
    verbose_name_plural: "Expression Policies",
    meta_model_name: "authentik_policies_expression.expressionpolicy",
    bound_to: index.policyBindingCount(policy.pk),
    expression: policy.expression ?? "",
  } satisfies Wire<ExpressionPolicy>;
}

export function serializeBinding(index: StateIndex, binding: SimulatorBinding): VersionedWirePolicyBinding {
  const group = binding.group === undefined ? undefined : index.groupsByPk.get(binding.group);
  const user = binding.user === undefined ? undefined : index.usersByUsername.get(binding.user);
  const policy = binding.policy === undefined ? undefined : index.policiesByPk.get(binding.policy);
  const wire = {
    pk: binding.pk,
    policy: policy?.pk ?? null,
    group: group?.pk ?? null,
    user: user?.pk ?? null,
    policy_obj: policy ? serializePolicy(index, policy) : null,
    group_obj: group ? serializePartialGroup(group) : null,
    user_obj: user ? serializePartialUser(user) : null,
    target: binding.target,
    negate: binding.negate ?? false,
    enabled: binding.enabled ?? true,
    order: binding.order ?? 0,
    timeout: binding.timeout ?? 30,
    failure_result: binding.failure_result ?? false,
    expires: binding.expires ?? null,
    expiring: binding.expires != null,
  } satisfies Wire<PolicyBinding>;
  const versioned: VersionedWirePolicyBinding = wire;
  if (!index.features.expiringBindings) {
    delete versioned.expires;
    delete versioned.expiring;
  }
  return versioned;
}

/** An event as `EventSerializer` sends it: the stored columns; `expires` defaults to `created` plus the retention. */
export function serializeEvent(event: SimulatorEvent): Wire<Event> {
  return {
    pk: event.pk,
    user: event.user,
    action: event.action as Wire<Event>["action"],
    app: event.app,
    context: event.context,
    client_ip: event.client_ip,
    created: event.created,
    expires: event.expires ?? new Date(Date.parse(event.created) + 365 * 86_400_000).toISOString(),
    brand: event.brand ?? {},
  } satisfies Wire<Event>;
}

export function serializePolicyTestResult(passing: boolean, messages: string[]): Wire<PolicyTestResult> {
  return { passing, messages, log_messages: [] } satisfies Wire<PolicyTestResult>;
}

/** Direct members that exist, in the order they joined. */
export function memberUsers(index: StateIndex, group: SimulatorGroup): SimulatorUser[] {
  const users: SimulatorUser[] = [];
  for (const username of group.members ?? []) {
    const user = index.usersByUsername.get(username);
    if (user) users.push(user);
  }
  return users;
}

function existingParents(index: StateIndex, group: SimulatorGroup): SimulatorGroup[] {
  const parents: SimulatorGroup[] = [];
  for (const pk of group.parents ?? []) {
    const parent = index.groupsByPk.get(pk);
    if (parent) parents.push(parent);
  }
  return parents;
}

// A pure function of the pk, and hashing thousands of members per page adds up.
const uidCache = new Map<number, string>();

/** authentik's `uid` is a sha256 hex digest tied to the user's pk. */
function userUid(user: SimulatorUser): string {
  let uid = uidCache.get(user.pk);
  if (uid === undefined) {
    uid = createHash("sha256").update(`authentik-simulator-${user.pk}`).digest("hex");
    uidCache.set(user.pk, uid);
  }
  return uid;
}

function userUuid(pk: number): string {
  return `00000000-0000-4000-8000-${pk.toString(16).padStart(12, "0")}`;
}

/** A stable positive int32 derived from the group uuid (authentik exposes one as `num_pk`). */
function groupNumPk(uuid: string): number {
  return Number.parseInt(uuid.replace(/-/g, "").slice(0, 7), 16);
}
