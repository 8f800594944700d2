import type { SessionUser, User, UserSelf, UserSelfRoles } from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import { permissionAppLabel } from "./serialize-permission.js";
import { defaultAvatar, serializePartialGroup, userUid } from "./serialize-partials.js";
import type { SimulatorPermission, SimulatorUser } from "./simulator-state.js";
import type { Wire } from "./wire.js";

// A fixed instant keeps responses byte-for-byte deterministic across runs.
const defaultDate = "2025-01-01T00:00:00Z";

export interface UserSerializeOptions {
  includeGroups: boolean;
  includeRoles: boolean;
}

export function serializeUser(index: StateIndex, user: SimulatorUser, options: UserSerializeOptions): Wire<User> {
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
    system_permissions: permissions.filter((p) => permissionAppLabel(p) === "authentik_rbac"),
  } satisfies Wire<UserSelf>;
  return { user: self, users: [self] } satisfies Wire<SessionUser>;
}

function userUuid(pk: number): string {
  return `00000000-0000-4000-8000-${pk.toString(16).padStart(12, "0")}`;
}
