import { describeBinding, isBindingInForce } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import type { Snapshot, SnapshotApplication, SnapshotBinding, SnapshotGroup } from "../snapshot/index.js";
import { compareNames } from "./compare-names.js";

/** What the three tables cannot say, or say misleadingly, about the live state. Not yet escaped. */
export interface Notices {
  defaultAccessClosed: boolean;
  deniedSuperusers: DeniedSuperuser[];
  openApplications: OpenApplication[];
  inexpressible: InexpressibleApplication[];
  nestedGroups: NestedGroup[];
}

export interface NestedGroup {
  group: SnapshotGroup;
  /** The parents' names (pks when the snapshot lacks them), sorted. */
  parents: string[];
}

export interface DeniedSuperuser {
  username: string;
  applications: SnapshotApplication[];
}

export interface OpenApplication {
  application: SnapshotApplication;
  activeUsers: number;
}

export interface InexpressibleApplication {
  application: SnapshotApplication;
  /** Sorted labels such as "user:jodie", "disabled group:cloud-users", "policy engine mode all". */
  labels: string[];
}

/**
 * `leftOver` are the group bindings in force that got no table row (see selectTableRows): a duplicate of
 * a pair, or a group the snapshot does not contain.
 */
export function collectNotices(snapshot: Snapshot, evaluator: AccessEvaluator, leftOver: readonly SnapshotBinding[]): Notices {
  const applications = [...snapshot.applications].sort((a, b) => compareNames(a.name, b.name) || compareNames(a.slug, b.slug));
  return {
    defaultAccessClosed: snapshot.settings.defaultAppAccessKnown && !snapshot.settings.defaultAppAccess,
    deniedSuperusers: findDeniedSuperusers(snapshot, evaluator, applications),
    openApplications: applications
      .filter((application) => evaluator.application(application.pk).everyone === "allow")
      .map((application) => ({ application, activeUsers: evaluator.activeUsers.size })),
    inexpressible: findInexpressible(snapshot, evaluator, applications, leftOver),
    nestedGroups: findNestedGroups(snapshot),
  };
}

/** The groups table lists direct members only, so membership inherited through nesting is invisible in it. */
function findNestedGroups(snapshot: Snapshot): NestedGroup[] {
  const names = new Map(snapshot.groups.map((group) => [group.pk, group.name]));
  return snapshot.groups
    .filter((group) => group.parents.length > 0)
    .map((group) => ({ group, parents: group.parents.map((pk) => names.get(pk) ?? pk).sort(compareNames) }))
    .sort((a, b) => compareNames(a.group.name, b.group.name) || compareNames(a.group.pk, b.group.pk));
}

/**
 * Active superusers denied some app. Superuser status is authentik's flag on the user or membership,
 * direct or inherited, of a superuser group (SEMANTICS.md section 1): the same rule as the diff's
 * `superuser-not-exempt`, so the report and `check` name the same people.
 */
function findDeniedSuperusers(
  snapshot: Snapshot,
  evaluator: AccessEvaluator,
  applications: readonly SnapshotApplication[],
): DeniedSuperuser[] {
  const superusers = new Set<number>();
  for (const user of snapshot.users) if (user.isSuperuser) superusers.add(user.pk);
  for (const group of snapshot.groups) {
    if (group.isSuperuser) for (const pk of evaluator.effectiveMembers(group.pk)) superusers.add(pk);
  }
  const denied: DeniedSuperuser[] = [];
  for (const user of snapshot.users) {
    if (!superusers.has(user.pk) || !evaluator.activeUsers.has(user.pk)) continue;
    const apps = applications.filter((application) => {
      const sets = evaluator.application(application.pk);
      return !sets.allow.has(user.pk) && !sets.indeterminate.has(user.pk);
    });
    if (apps.length > 0) denied.push({ username: user.username, applications: apps });
  }
  return denied.sort((a, b) => compareNames(a.username, b.username));
}

function findInexpressible(
  snapshot: Snapshot,
  evaluator: AccessEvaluator,
  applications: readonly SnapshotApplication[],
  leftOver: readonly SnapshotBinding[],
): InexpressibleApplication[] {
  const names = {
    groupNames: new Map(snapshot.groups.map((group) => [group.pk, group.name])),
    usernames: new Map(snapshot.users.map((user) => [user.pk, user.username])),
  };
  const leftOverSet = new Set(leftOver);
  const found: InexpressibleApplication[] = [];
  for (const application of applications) {
    const labels = new Set<string>();
    for (const binding of snapshot.bindings) {
      if (binding.target !== application.pk) continue;
      const label = describeBinding(binding, names);
      if (!binding.enabled) labels.add(`disabled ${label}`);
      else if (!isBindingInForce(binding, snapshot.takenAt)) labels.add(`expired ${label}`);
      else if (binding.kind !== "group" || binding.negate) labels.add(label);
      else if (leftOverSet.has(binding)) {
        const known = names.groupNames.has(binding.group ?? "");
        labels.add(known ? `duplicate ${label}` : `${label} (a group the snapshot does not contain)`);
      }
    }
    // The tables assume `any`: with `all`, a user must pass every binding the bindings table lists.
    if (application.policyEngineMode !== "any" && evaluator.bindingsInForce(application.pk).length > 0) {
      labels.add(`policy engine mode ${application.policyEngineMode}`);
    }
    if (labels.size > 0) found.push({ application, labels: [...labels].sort(compareNames) });
  }
  return found;
}
