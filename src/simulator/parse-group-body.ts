import type { StateIndex } from "./create-state-index.js";
import {
  type FieldErrors,
  type FieldResult,
  fail,
  nullMessage,
  parseBoolean,
  parseIntegerReference,
  parseList,
  parseString,
  parseUuidReference,
  pythonTypeName,
  requiredMessage,
} from "./drf-fields.js";
import { can, type Caller, type RouteContext } from "./route-context.js";
import type { SimulatorGroup, SimulatorPermission } from "./simulator-state.js";

export interface GroupChanges {
  name?: string;
  is_superuser?: boolean;
  parents?: string[];
  members?: string[];
  attributes?: Record<string, unknown>;
}

export type GroupBodyResult = { ok: true; value: GroupChanges } | { ok: false; errors: FieldErrors };

/** GroupSerializer: `existing` null for a create (then `name` is required), else a partial update. */
export function parseGroupBody(ctx: RouteContext, body: Record<string, unknown>, existing: SimulatorGroup | null): GroupBodyResult {
  const { index, caller } = ctx;
  const errors: FieldErrors = {};
  const value: GroupChanges = {};

  if (body.name === undefined) {
    if (!existing) errors.name = [requiredMessage];
  } else {
    const name = body.name === null ? fail(nullMessage) : parseString(body.name, false);
    if (!name.ok) errors.name = [name.error];
    else if (index.state.groups.some((g) => g !== existing && g.name === name.value)) {
      errors.name = [index.features.groupParents ? "Group with this name already exists." : "This field must be unique."];
    } else value.name = name.value;
  }

  if (body.is_superuser !== undefined) {
    const flag = body.is_superuser === null ? fail<boolean>(nullMessage) : parseBoolean(body.is_superuser);
    if (!flag.ok) errors.is_superuser = [flag.error];
    else {
      const error = superuserPermissionError(caller, existing, flag.value);
      if (error) errors.is_superuser = [error];
      else value.is_superuser = flag.value;
    }
  }

  if (body.users !== undefined) {
    const users = parseList(body.users, (item) => parseIntegerReference(item, (pk) => index.usersByPk.get(pk)));
    if (!users.ok) errors.users = [users.error];
    else value.members = [...new Set(users.value.map((u) => u.username))];
  }

  const parents = parseParents(index, body, existing);
  if (parents && !parents.ok) errors[index.features.groupParents ? "parents" : "parent"] = [parents.error];
  else if (parents) value.parents = parents.value;

  if (body.attributes !== undefined) {
    if (body.attributes === null || typeof body.attributes !== "object" || Array.isArray(body.attributes)) {
      errors.attributes = [`Expected a dictionary of items but got type "${pythonTypeName(body.attributes)}".`];
    } else value.attributes = body.attributes as Record<string, unknown>;
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/**
 * `parents` (2025.12+, a list) or `parent` (before, one uuid or null); the other key is ignored
 * as DRF ignores unknown fields. Undefined when the body does not touch the hierarchy.
 */
function parseParents(
  index: StateIndex,
  body: Record<string, unknown>,
  existing: SimulatorGroup | null,
): FieldResult<string[]> | undefined {
  const exists = (pk: string): boolean => index.groupsByPk.has(pk);
  let parsed: FieldResult<string[]>;
  if (index.features.groupParents) {
    if (body.parents === undefined) return undefined;
    parsed = body.parents === null ? fail(nullMessage) : parseList(body.parents, (item) => parseUuidReference(item, exists));
  } else {
    if (body.parent === undefined) return undefined;
    if (body.parent === null) return { ok: true, value: [] };
    const one = parseUuidReference(body.parent, exists);
    parsed = one.ok ? { ok: true, value: [one.value] } : one;
  }
  if (!parsed.ok || !existing) return parsed;
  const unique = [...new Set(parsed.value)];
  if (unique.includes(existing.pk)) return fail("Cannot set group as parent of itself.");
  // The simulator keeps the hierarchy acyclic, as an ancestor walk over a cycle would never end.
  for (const parent of unique) {
    if (isAncestorOrSelf(index, existing.pk, parent))
      return fail(`Cannot set "${index.groupsByPk.get(parent)?.name ?? parent}" as a parent: it is a descendant of this group.`);
  }
  return { ok: true, value: unique };
}

function isAncestorOrSelf(index: StateIndex, ancestor: string, of: string): boolean {
  const seen = new Set<string>();
  const stack = [of];
  while (stack.length > 0) {
    const pk = stack.pop() as string;
    if (pk === ancestor) return true;
    if (seen.has(pk)) continue;
    seen.add(pk);
    stack.push(...(index.groupsByPk.get(pk)?.parents ?? []));
  }
  return false;
}

/** GroupSerializer.validate_is_superuser: changing the flag needs enable/disable_group_superuser. */
function superuserPermissionError(caller: Caller | null, existing: SimulatorGroup | null, superuser: boolean): string | undefined {
  if (existing && superuser === (existing.is_superuser ?? false)) return undefined;
  if (!existing && !superuser) return undefined;
  const permission: SimulatorPermission = superuser ? "enable_group_superuser" : "disable_group_superuser";
  if (can(caller, permission)) return undefined;
  return `User does not have permission to set superuser status to ${superuser ? "True" : "False"}.`;
}
