import type { Group, RelatedGroup } from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import { groupNumPk, serializePartialUser, serializeRelatedGroup } from "./serialize-partials.js";
import type { SimulatorGroup, SimulatorUser } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/** Groups before 2025.12: one `parent` and its `parent_name` instead of `parents`; no inherited roles. */
export type LegacyWireGroup = Omit<Wire<Group>, "parents" | "parents_obj" | "children" | "children_obj" | "inherited_roles_obj"> & {
  parent: string | null;
  parent_name: string | null;
  /** 2025.8 to 2025.10 only. */
  children?: string[];
  children_obj?: Wire<RelatedGroup>[] | null;
};

export interface GroupSerializeOptions {
  includeUsers: boolean;
  includeParents: boolean;
  includeChildren: boolean;
  includeInheritedRoles: boolean;
}

/** A group in the shape of the state's version (see `resolveFeatures`). */
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

/** Direct members that exist, in the order they joined. */
function memberUsers(index: StateIndex, group: SimulatorGroup): SimulatorUser[] {
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
