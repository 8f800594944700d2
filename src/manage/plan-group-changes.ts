import type { PlanContext } from "./plan-context.js";
import type { Change, GroupRef } from "./types.js";

/**
 * Groups the tables list but authentik lacks are created; a documented group renamed in authentik gets
 * its documented name back. Never deletes a group: a group the tables do not list is "not managed".
 */
export function planGroupChanges(context: PlanContext): Change[] {
  const changes: Change[] = [];
  const liveNames = new Set(context.live.groups.map((group) => group.name));
  for (const { desired, live, matchedBy } of context.groups) {
    if (!live) {
      if (liveNames.has(desired.name)) {
        context.notes.push({
          level: "warning",
          message: `${desired.name} cannot be created: authentik has a group of that name, which the runbook lists under another pk`,
        });
        continue;
      }
      changes.push({ kind: "create-group", name: desired.name, isSuperuser: desired.isSuperuser, parents: [], documentedPk: desired.pk });
      context.notes.push({
        level: "info",
        message: `${desired.name} will get a new pk from authentik, not ${desired.pk} as the runbook records (--update-runbook writes the new one)`,
      });
      continue;
    }
    if (matchedBy === "name") {
      context.notes.push({
        level: "info",
        message: `${desired.name} has pk ${live.pk} in authentik, not ${desired.pk} as the runbook records: it was deleted and created again (--update-runbook writes the new pk)`,
      });
    }
    if (live.name !== desired.name) {
      if (liveNames.has(desired.name)) {
        context.notes.push({
          level: "warning",
          message: `${live.name} (pk ${live.pk}) cannot get its documented name ${desired.name} back: another group already has that name`,
        });
      } else {
        changes.push({ kind: "rename-group", group: { name: live.name, pk: live.pk }, to: desired.name });
      }
    }
  }
  for (const group of context.live.groups) {
    if (context.groups.some((pair) => pair.live === group)) continue;
    context.unmanaged.push({ kind: "group", name: group.name, reason: `pk ${group.pk}; not in the runbook's groups table` });
  }
  return changes;
}

/** The superuser flag of every documented group that exists (a created group gets it at creation). */
export function planSuperuserChanges(context: PlanContext): Change[] {
  const changes: Change[] = [];
  for (const { desired, live } of context.groups) {
    if (!live || live.isSuperuser === desired.isSuperuser) continue;
    changes.push({ kind: "set-group-superuser", group: refOf(context, desired.pk), isSuperuser: desired.isSuperuser });
  }
  return changes;
}

/**
 * Parents, when the tables list them. A change that both adds and removes parents becomes two: first
 * the union (nobody loses an inherited membership early), then the documented set, so the removal can
 * run with the other removals at the end.
 */
export function planParentChanges(context: PlanContext): Change[] {
  const changes: Change[] = [];
  for (const { desired, live } of context.groups) {
    const liveParents = live?.parents ?? [];
    if (!context.capabilities.parents) {
      if (live && liveParents.length > 0) {
        const names = liveParents.map((pk) => context.liveGroupsByPk.get(pk)?.name ?? pk).join(", ");
        context.unmanaged.push({ kind: "parents", name: desired.name, reason: `its parents (${names}) are not in the tables` });
      }
      continue;
    }
    const wanted: GroupRef[] = [];
    for (const pk of desired.parents) {
      const ref = context.groupRef(pk);
      if (ref) wanted.push(ref);
      else context.notes.push({ level: "warning", message: `${desired.name}'s parent ${pk} is neither in the tables nor in authentik` });
    }
    const key = (ref: GroupRef): string => ref.pk ?? `planned:${ref.name}`;
    const current: GroupRef[] = liveParents.map((pk) => context.liveGroupRef(pk));
    const wantedKeys = new Set(wanted.map(key));
    const currentKeys = new Set(current.map(key));
    const added = wanted.filter((ref) => !currentKeys.has(key(ref)));
    const removed = current.filter((ref) => !wantedKeys.has(key(ref)));
    if (added.length === 0 && removed.length === 0) continue;
    const group = refOf(context, desired.pk);
    if (added.length > 0 && removed.length > 0) {
      const union = [...current, ...added];
      changes.push({ kind: "set-group-parents", group, parents: union, previous: current });
      changes.push({ kind: "set-group-parents", group, parents: wanted, previous: union });
    } else {
      changes.push({ kind: "set-group-parents", group, parents: wanted, previous: current });
    }
  }
  return changes;
}

function refOf(context: PlanContext, desiredPk: string): GroupRef {
  const ref = context.groupRef(desiredPk);
  if (!ref) throw new Error(`no group reference for documented group ${desiredPk}`);
  return ref;
}
