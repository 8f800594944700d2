import { describeBinding, isServiceAccount } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import type { Snapshot, SnapshotApplication, SnapshotBinding } from "../snapshot/index.js";
import { compareNames } from "./compare-names.js";

/** What the three tables cannot say, or say misleadingly, about the live state. Not yet escaped. */
export interface Notices {
  defaultAccessClosed: boolean;
  deniedSuperusers: DeniedSuperuser[];
  openApplications: OpenApplication[];
  /** Applications with bindings no row can name. */
  unnamed: InexpressibleApplication[];
}

export interface DeniedSuperuser {
  username: string;
  applications: SnapshotApplication[];
}

export interface OpenApplication {
  application: SnapshotApplication;
  /** Active people: internal and external users. */
  activeUsers: number;
  activeServiceAccounts: number;
}

export interface InexpressibleApplication {
  application: SnapshotApplication;
  /** Sorted labels such as "group:4f1c… (a group the snapshot does not contain)". */
  labels: string[];
}

/** `leftOver` are the bindings that got no table row (see buildTableRecords): their group or user is unknown. */
export function collectNotices(snapshot: Snapshot, evaluator: AccessEvaluator, leftOver: readonly SnapshotBinding[]): Notices {
  const applications = [...snapshot.applications].sort((a, b) => compareNames(a.name, b.name) || compareNames(a.slug, b.slug));
  const serviceAccounts = snapshot.users.filter((user) => evaluator.activeUsers.has(user.pk) && isServiceAccount(user)).length;
  return {
    defaultAccessClosed: snapshot.settings.defaultAppAccessKnown && !snapshot.settings.defaultAppAccess,
    deniedSuperusers: findDeniedSuperusers(snapshot, evaluator, applications),
    openApplications: applications
      .filter((application) => evaluator.application(application.pk).everyone === "allow")
      .map((application) => ({
        application,
        activeUsers: evaluator.activeUsers.size - serviceAccounts,
        activeServiceAccounts: serviceAccounts,
      })),
    unnamed: findUnnamed(snapshot, applications, leftOver),
  };
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
    if (!superusers.has(user.pk) || !evaluator.activeUsers.has(user.pk) || isServiceAccount(user)) continue;
    const apps = applications.filter((application) => {
      const sets = evaluator.application(application.pk);
      return !sets.allow.has(user.pk) && !sets.indeterminate.has(user.pk);
    });
    if (apps.length > 0) denied.push({ username: user.username, applications: apps });
  }
  return denied.sort((a, b) => compareNames(a.username, b.username));
}

function findUnnamed(
  snapshot: Snapshot,
  applications: readonly SnapshotApplication[],
  leftOver: readonly SnapshotBinding[],
): InexpressibleApplication[] {
  const names = {
    groupNames: new Map(snapshot.groups.map((group) => [group.pk, group.name])),
    usernames: new Map(snapshot.users.map((user) => [user.pk, user.username])),
  };
  const found: InexpressibleApplication[] = [];
  for (const application of applications) {
    const labels = leftOver
      .filter((binding) => binding.target === application.pk)
      .map((binding) => `${describeBinding(binding, names)} (a ${binding.kind} the snapshot does not contain)`);
    if (labels.length > 0) found.push({ application, labels: [...new Set(labels)].sort(compareNames) });
  }
  return found;
}
