import { createAccessEvaluator, hasAllModeBug } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import type { Baseline } from "../baseline/index.js";
import type { Snapshot, SnapshotApplication, SnapshotGroup, SnapshotUser } from "../snapshot/index.js";
import { documentApplications } from "./document-applications.js";
import type { DocumentedApplication } from "./document-applications.js";
import { expectedState } from "./expected-state.js";
import { matchGroups } from "./match-groups.js";
import type { GroupMatching } from "./match-groups.js";

/** Lookups that every part of the diff needs, built once per audit. */
export interface DiffContext {
  baseline: Baseline;
  snapshot: Snapshot;
  /** The live state under authentik's rules for the audited version. */
  live: AccessEvaluator;
  /** The state the tables describe, under the same rules. */
  expected: AccessEvaluator;
  /** True on authentik 2025.8.0 to 2025.12.4, whose `all` mode works like `any` for group and user bindings. */
  allModeBug: boolean;
  documented: ReadonlyMap<string, DocumentedApplication>;
  usersByPk: ReadonlyMap<number, SnapshotUser>;
  usersByUsername: ReadonlyMap<string, SnapshotUser>;
  liveGroupsByPk: ReadonlyMap<string, SnapshotGroup>;
  groups: GroupMatching;
  liveAppsBySlug: ReadonlyMap<string, SnapshotApplication>;
  /** Live group pk to the superuser group it takes superuser status from: itself, or its nearest listed ancestor. */
  superuserSourceByGroupPk: ReadonlyMap<string, SnapshotGroup>;
  /** How findings name a live group: its documented name when matched, else its live name, else its pk. */
  groupLabel(livePk: string): string;
  /** A live user's username, or `pk:N` for a member pk the snapshot has no user for (an incomplete snapshot). */
  username(pk: number): string;
}

/** `givenLive`, when set, must be the evaluator of this very snapshot under its authentik version. */
export function createDiffContext(baseline: Baseline, snapshot: Snapshot, givenLive?: AccessEvaluator): DiffContext {
  const authentikVersion = snapshot.source.authentikVersion;
  const live = givenLive ?? createAccessEvaluator(snapshot, { authentikVersion });
  const expected = createAccessEvaluator(expectedState(baseline, snapshot), { authentikVersion, like: live });
  // Built on first use: an in-sync audit of a large tenant looks up only a few users.
  let usersByPk: Map<number, SnapshotUser> | undefined;
  let usersByUsername: Map<string, SnapshotUser> | undefined;
  const byPk = (): Map<number, SnapshotUser> => {
    usersByPk ??= new Map(snapshot.users.map((user) => [user.pk, user]));
    return usersByPk;
  };
  const liveGroupsByPk = new Map(snapshot.groups.map((group) => [group.pk, group]));
  const groups = matchGroups(baseline.groups, snapshot.groups);

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
    expected,
    allModeBug: hasAllModeBug(authentikVersion),
    documented: documentApplications(baseline),
    get usersByPk() {
      return byPk();
    },
    get usersByUsername() {
      usersByUsername ??= new Map(snapshot.users.map((user) => [user.username, user]));
      return usersByUsername;
    },
    liveGroupsByPk,
    groups,
    liveAppsBySlug: new Map(snapshot.applications.map((app) => [app.slug, app])),
    superuserSourceByGroupPk,
    groupLabel: (livePk) => groups.documentedNameByLivePk.get(livePk) ?? liveGroupsByPk.get(livePk)?.name ?? livePk,
    username: (pk) => byPk().get(pk)?.username ?? `pk:${pk}`,
  };
}
