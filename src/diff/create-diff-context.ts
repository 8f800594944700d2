import { createAccessEvaluator } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import type { Baseline } from "../baseline/index.js";
import type { Snapshot, SnapshotApplication, SnapshotBinding, SnapshotGroup, SnapshotUser } from "../snapshot/index.js";
import { matchGroups } from "./match-groups.js";
import type { GroupMatching } from "./match-groups.js";

/** Lookups that every part of the diff needs, built once per audit. */
export interface DiffContext {
  baseline: Baseline;
  snapshot: Snapshot;
  live: AccessEvaluator;
  /** Whether an app without bindings in force is open: authentik's default when the flag is unknown. */
  defaultAllows: boolean;
  usersByPk: ReadonlyMap<number, SnapshotUser>;
  usersByUsername: ReadonlyMap<string, SnapshotUser>;
  liveGroupsByPk: ReadonlyMap<string, SnapshotGroup>;
  groups: GroupMatching;
  liveAppsBySlug: ReadonlyMap<string, SnapshotApplication>;
  /** Every binding per target, disabled and expired ones included, in evaluation order. */
  bindingsByTarget: ReadonlyMap<string, readonly SnapshotBinding[]>;
  /** Live group pk to the superuser group it takes superuser status from: itself, or its nearest listed ancestor. */
  superuserSourceByGroupPk: ReadonlyMap<string, SnapshotGroup>;
  /** How findings name a live group: its documented name when matched, else its live name, else its pk. */
  groupLabel(livePk: string): string;
  /** A live user's username, or `pk:N` for a member pk the snapshot has no user for (an incomplete snapshot). */
  username(pk: number): string;
}

export function createDiffContext(baseline: Baseline, snapshot: Snapshot): DiffContext {
  const live = createAccessEvaluator(snapshot, { authentikVersion: snapshot.source.authentikVersion });
  const usersByPk = new Map(snapshot.users.map((user) => [user.pk, user]));
  const usersByUsername = new Map(snapshot.users.map((user) => [user.username, user]));
  const liveGroupsByPk = new Map(snapshot.groups.map((group) => [group.pk, group]));
  const groups = matchGroups(baseline.groups, snapshot.groups);

  const bindingsByTarget = new Map<string, SnapshotBinding[]>();
  for (const binding of [...snapshot.bindings].sort((a, b) => a.order - b.order)) {
    const list = bindingsByTarget.get(binding.target);
    if (list) list.push(binding);
    else bindingsByTarget.set(binding.target, [binding]);
  }

  // Superuser status is inherited by every group below a superuser group (SEMANTICS.md section 1).
  const superuserSourceByGroupPk = new Map<string, SnapshotGroup>();
  for (const group of snapshot.groups.filter((candidate) => candidate.isSuperuser)) {
    superuserSourceByGroupPk.set(group.pk, group);
  }
  for (const group of snapshot.groups.filter((candidate) => candidate.isSuperuser)) {
    for (const pk of live.descendantGroups(group.pk)) {
      if (!superuserSourceByGroupPk.has(pk)) superuserSourceByGroupPk.set(pk, group);
    }
  }

  return {
    baseline,
    snapshot,
    live,
    defaultAllows: !snapshot.settings.defaultAppAccessKnown || snapshot.settings.defaultAppAccess,
    usersByPk,
    usersByUsername,
    liveGroupsByPk,
    groups,
    liveAppsBySlug: new Map(snapshot.applications.map((app) => [app.slug, app])),
    bindingsByTarget,
    superuserSourceByGroupPk,
    groupLabel: (livePk) => groups.documentedNameByLivePk.get(livePk) ?? liveGroupsByPk.get(livePk)?.name ?? livePk,
    username: (pk) => usersByPk.get(pk)?.username ?? `pk:${pk}`,
  };
}
