import type { Change } from "./types.js";

/**
 * The phases of a plan, in the order they run. Everything that lets people in comes before everything
 * that shuts them out, so nobody documented is locked out halfway, and a documented bound application
 * gets its new bindings before it loses its old ones, so it is never open to everyone halfway:
 *
 * - groups first (nothing refers to a group before it exists), then renames;
 * - superuser status removed before anyone joins the group, so no new member holds it even briefly;
 * - parents added, members added;
 * - engine mode `any` before bindings are created (under `all`, a new binding would shut out everyone
 *   who does not pass it too);
 * - bindings created, then re-enabled or un-negated, then deleted (or disabled, or negated);
 * - members removed, parents removed;
 * - engine mode `all`, then superuser status granted, last, once the group holds only its documented members.
 */
export function phaseOf(change: Change): number {
  switch (change.kind) {
    case "create-group":
      return 0;
    case "rename-group":
      return 1;
    case "set-group-superuser":
      return change.isSuperuser ? 12 : 2;
    case "set-group-parents": {
      const kept = new Set(change.parents.map((ref) => ref.pk ?? `planned:${ref.name}`));
      return change.previous.every((ref) => kept.has(ref.pk ?? `planned:${ref.name}`)) ? 3 : 10;
    }
    case "add-member":
      return 4;
    case "set-engine-mode":
      return change.mode === "any" ? 5 : 11;
    case "create-binding":
      return 6;
    case "update-binding":
      return change.set.enabled === false || change.set.negate === true ? 8 : 7;
    case "delete-binding":
      return 8;
    case "remove-member":
      return 9;
  }
}

/** The changes in phase order; within a phase they keep the order they were planned in. Pure. */
export function orderChanges(changes: readonly Change[]): Change[] {
  return changes
    .map((change, index) => ({ change, index, phase: phaseOf(change) }))
    .sort((a, b) => a.phase - b.phase || a.index - b.index)
    .map((entry) => entry.change);
}
