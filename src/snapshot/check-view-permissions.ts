import { ApiPermission, AuthentikApiError } from "../authentik/index.js";
import type { ApiSessionUser, AuthentikClient } from "../authentik/index.js";

/** The global permissions a complete read needs, and the list each one makes whole. */
const REQUIRED = [
  { permission: "authentik_core.view_user", route: "/core/users/", what: "users" },
  { permission: "authentik_core.view_group", route: "/core/groups/", what: "groups" },
  { permission: "authentik_policies.view_policybinding", route: "/policies/bindings/", what: "policy bindings" },
] as const;

/**
 * For a token whose user is not a superuser: which lists may be partial because the user lacks the
 * global view permission. authentik then narrows a list to the objects the user holds object
 * permissions on and answers 200 with a count of just those (`ObjectFilter`, SEMANTICS.md section 5),
 * so neither the status nor the count gives it away. Global permissions come through roles: the
 * roles are on `users/me`, and `GET /rbac/permissions/?role=` lists each one's (any authenticated
 * user may read it). One problem per list that may be partial; none when every permission is held.
 */
export async function checkViewPermissions(client: AuthentikClient, user: ApiSessionUser["user"]): Promise<string[]> {
  const lists = REQUIRED.map((required) => required.what).join(", ");
  if (user.roles === undefined) {
    return [
      `this authentik does not list the token user's roles on /core/users/me/, so whether "${user.username}" may view every object is unknown: the ${lists} may be partial`,
    ];
  }
  const held = new Set<string>();
  for (const role of user.roles) {
    try {
      const permissions = await client.list("/rbac/permissions/", ApiPermission, { query: { role: role.pk } });
      for (const permission of permissions.items) held.add(`${permission.app_label}.${permission.codename}`);
    } catch (error) {
      if (!(error instanceof AuthentikApiError) || error.status === null || error.status >= 500) throw error;
      return [
        `the permissions of the token user's role "${role.name}" could not be read (GET /rbac/permissions/ answered ${error.status}), so whether "${user.username}" may view every object is unknown: the ${lists} may be partial`,
      ];
    }
  }
  return REQUIRED.filter((required) => !held.has(required.permission)).map(
    (required) =>
      `the token's user "${user.username}" holds no global ${required.permission} permission through its roles: authentik then lists only the ${required.what} it holds object permissions on (200, with a count of just those), so ${required.what} may be missing from GET ${required.route}`,
  );
}
