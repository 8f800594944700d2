import type { GroupMatching } from "../diff/index.js";
import type { AccessState, BindingKind, Snapshot, SnapshotGroup, SnapshotUser } from "../snapshot/index.js";
import type { GroupRef, PlanNote, UnmanagedObject } from "./types.js";

/**
 * What the runbook's tables can say. The planner removes only what the tables could have listed: with a
 * narrower format (group bindings only, say), a user binding the tables do not mention is "not managed",
 * not "undocumented". The runbook's format says everything (`FULL_TABLE_CAPABILITIES`); narrower sets
 * serve callers that plan from less, and the tests.
 */
export interface TableCapabilities {
  /** Binding kinds the tables list completely; live bindings of these kinds that they do not list are removed. */
  bindingKinds: readonly BindingKind[];
  /** Whether the tables list each group's parents (a `Parents` column). */
  parents: boolean;
  /** Whether the tables state a binding's expiry (`expires <ISO>` in a `State` column). */
  expiry: boolean;
}

/** The runbook's tables: `Parents`, `User`/`Policy` beside `Group`, `State` (expiry included), `Policy engine mode`. */
export const FULL_TABLE_CAPABILITIES: TableCapabilities = { bindingKinds: ["group", "user", "policy"], parents: true, expiry: true };

/** A documented group and the live group it is, if any. */
export interface GroupPair {
  desired: SnapshotGroup;
  live: SnapshotGroup | null;
  /** "name": the live group has another pk (deleted and created again). */
  matchedBy: "pk" | "name" | null;
}

/** The two states and the lookups every kind of change needs; `notes` and `unmanaged` collect as planning goes. */
export interface PlanContext {
  desired: AccessState;
  live: Snapshot;
  capabilities: TableCapabilities;
  /** In the tables' order. */
  groups: GroupPair[];
  /** A desired group's pk (as the desired state has it) to the group a change should name. */
  groupRef(desiredPk: string): GroupRef | null;
  liveGroupsByPk: ReadonlyMap<string, SnapshotGroup>;
  /** A live group as changes name it: by its documented name when the tables list it (a rename may be undone first). */
  liveGroupRef(livePk: string): GroupRef;
  usersByPk: ReadonlyMap<number, SnapshotUser>;
  username(pk: number): string;
  /**
   * A policy's live pk by its name. The snapshot holds no list of policies, only the bindings' pk and
   * name, so a policy no binding uses cannot be found (and the planner never creates policies).
   */
  livePolicyPk(name: string): string | null;
  notes: PlanNote[];
  unmanaged: UnmanagedObject[];
}

/**
 * Pairs the desired groups with the live ones using the diff's matching (pk first, then name), so that
 * `plan` and `check` agree on which live group is the documented one.
 */
export function createPlanContext(
  desired: AccessState,
  live: Snapshot,
  matching: GroupMatching,
  capabilities: TableCapabilities,
): PlanContext {
  const desiredByPk = new Map(desired.groups.map((group) => [group.pk, group]));
  const groups: GroupPair[] = [];
  const refs = new Map<string, GroupRef>();
  for (const match of matching.matches) {
    const desiredGroup = desiredByPk.get(match.documented.pk);
    if (!desiredGroup || refs.has(desiredGroup.pk)) continue;
    groups.push({ desired: desiredGroup, live: match.live, matchedBy: match.matchedBy });
    refs.set(desiredGroup.pk, { name: desiredGroup.name, pk: match.live?.pk ?? null });
  }
  const liveGroupsByPk = new Map(live.groups.map((group) => [group.pk, group]));
  const documentedNames = new Map(groups.flatMap((pair) => (pair.live ? [[pair.live.pk, pair.desired.name] as const] : [])));
  const usersByPk = new Map(live.users.map((user) => [user.pk, user]));
  const policyPks = new Map<string, string>();
  for (const binding of live.bindings) {
    if (binding.kind === "policy" && binding.policy !== null && binding.policyName !== null && !policyPks.has(binding.policyName)) {
      policyPks.set(binding.policyName, binding.policy);
    }
  }
  return {
    desired,
    live,
    capabilities,
    groups,
    groupRef: (desiredPk) => {
      const ref = refs.get(desiredPk);
      if (ref) return ref;
      // A desired state may name a live group the tables do not list (a parent, say): refer to it as it is.
      const liveGroup = liveGroupsByPk.get(desiredPk);
      return liveGroup ? { name: liveGroup.name, pk: liveGroup.pk } : null;
    },
    liveGroupsByPk,
    liveGroupRef: (livePk) => ({ name: documentedNames.get(livePk) ?? liveGroupsByPk.get(livePk)?.name ?? livePk, pk: livePk }),
    usersByPk,
    username: (pk) => usersByPk.get(pk)?.username ?? `pk:${pk}`,
    livePolicyPk: (name) => policyPks.get(name) ?? null,
    notes: [],
    unmanaged: [],
  };
}
