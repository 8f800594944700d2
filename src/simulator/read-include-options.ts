import { flagParam } from "./query-params.js";
import type { GroupSerializeOptions } from "./serialize-group.js";
import type { UserSerializeOptions } from "./serialize-user.js";

/** What a group answer embeds: `include_users` is on unless turned off, the others off unless turned on. */
export function readGroupOptions(params: URLSearchParams): GroupSerializeOptions {
  return {
    includeUsers: flagParam(params, "include_users", true),
    includeParents: flagParam(params, "include_parents", false),
    includeChildren: flagParam(params, "include_children", false),
    includeInheritedRoles: flagParam(params, "include_inherited_roles", false),
  };
}

/** What a user answer embeds: groups and roles unless turned off. */
export function readUserOptions(params: URLSearchParams): UserSerializeOptions {
  return { includeGroups: flagParam(params, "include_groups", true), includeRoles: flagParam(params, "include_roles", true) };
}
