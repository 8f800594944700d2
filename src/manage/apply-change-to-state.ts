import type { AccessState, SnapshotBinding, SnapshotGroup } from "../snapshot/index.js";
import type { BindingSubject, Change, GroupRef } from "./types.js";

/** The pk a group gets in a simulated state before authentik has assigned it one. */
export function plannedGroupPk(ref: GroupRef): string {
  return ref.pk ?? `planned:group:${ref.name}`;
}

/**
 * The state after one change, as authentik would leave it: what the planner uses to work out each
 * step's effect on people and to check the order of the steps. Pure; `state` is not modified.
 * `createdBindingPk` names a binding the change creates (a real pk is only known once it exists).
 */
export function applyChangeToState(state: AccessState, change: Change, createdBindingPk: string): AccessState {
  switch (change.kind) {
    case "create-group": {
      const group: SnapshotGroup = {
        pk: plannedGroupPk({ name: change.name, pk: null }),
        name: change.name,
        isSuperuser: change.isSuperuser,
        parents: change.parents.map(plannedGroupPk),
        members: [],
      };
      return { ...state, groups: [...state.groups, group] };
    }
    case "rename-group":
      return editGroup(state, change.group, (group) => ({ ...group, name: change.to }));
    case "set-group-superuser":
      return editGroup(state, change.group, (group) => ({ ...group, isSuperuser: change.isSuperuser }));
    case "set-group-parents":
      return editGroup(state, change.group, (group) => ({ ...group, parents: change.parents.map(plannedGroupPk).sort() }));
    case "add-member":
      return editGroup(state, change.group, (group) =>
        group.members.includes(change.userPk) ? group : { ...group, members: [...group.members, change.userPk].sort((a, b) => a - b) },
      );
    case "remove-member":
      return editGroup(state, change.group, (group) => ({ ...group, members: group.members.filter((pk) => pk !== change.userPk) }));
    case "create-binding": {
      const binding: SnapshotBinding = {
        pk: createdBindingPk,
        target: change.application.pk,
        ...subjectFields(change.subject),
        enabled: change.enabled,
        negate: change.negate,
        order: change.order,
        expires: null,
      };
      return { ...state, bindings: [...state.bindings, binding] };
    }
    case "update-binding":
      return {
        ...state,
        bindings: state.bindings.map((binding) => (binding.pk === change.bindingPk ? { ...binding, ...change.set } : binding)),
      };
    case "delete-binding":
      return { ...state, bindings: state.bindings.filter((binding) => binding.pk !== change.bindingPk) };
    case "set-engine-mode":
      return {
        ...state,
        applications: state.applications.map((app) => (app.pk === change.application.pk ? { ...app, policyEngineMode: change.mode } : app)),
      };
  }
}

function editGroup(state: AccessState, ref: GroupRef, edit: (group: SnapshotGroup) => SnapshotGroup): AccessState {
  const pk = plannedGroupPk(ref);
  return { ...state, groups: state.groups.map((group) => (group.pk === pk ? edit(group) : group)) };
}

function subjectFields(subject: BindingSubject): Pick<SnapshotBinding, "kind" | "group" | "user" | "policy" | "policyName"> {
  switch (subject.kind) {
    case "group":
      return { kind: "group", group: plannedGroupPk(subject.group), user: null, policy: null, policyName: null };
    case "user":
      return { kind: "user", group: null, user: subject.userPk, policy: null, policyName: null };
    case "policy":
      return { kind: "policy", group: null, user: null, policy: subject.policyPk, policyName: subject.policyName };
  }
}
