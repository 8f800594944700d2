import { resolveFeatures, type VersionFeatures } from "./resolve-features.js";
import type {
  SimulatorApplication,
  SimulatorBinding,
  SimulatorGroup,
  SimulatorPolicy,
  SimulatorState,
  SimulatorToken,
  SimulatorUser,
} from "./simulator-state.js";
import { sortBy } from "./sort-by.js";

/**
 * Lookup maps over one state, for one request. Tests may change `simulator.state` in place
 * between requests, so by default nothing is cached across requests (a benchmark may opt in with
 * `cacheLookups`); each map is linear in the size of the state and is built only when a handler
 * first asks for it.
 */
export interface StateIndex {
  readonly state: SimulatorState;
  readonly features: VersionFeatures;
  readonly usersByPk: Lookup<number, SimulatorUser>;
  readonly usersByUsername: Lookup<string, SimulatorUser>;
  readonly groupsByPk: Lookup<string, SimulatorGroup>;
  readonly applicationsByPk: Lookup<string, SimulatorApplication>;
  readonly applicationsBySlug: Lookup<string, SimulatorApplication>;
  readonly policiesByPk: Lookup<string, SimulatorPolicy>;
  readonly bindingsByPk: Lookup<string, SimulatorBinding>;
  readonly tokensByKey: Lookup<string, SimulatorToken>;
  /** Bindings attached to one target, in state order. */
  bindingsOf(targetPk: string): readonly SimulatorBinding[];
  /** Groups the user is a direct member of, in state order. */
  directGroupsOf(username: string): readonly SimulatorGroup[];
  /** Groups that list `groupPk` as a parent, in state order. */
  childrenOf(groupPk: string): readonly SimulatorGroup[];
  /** The user's direct groups plus all their ancestors: what a group binding is checked against. */
  allGroupPksOf(username: string): ReadonlySet<string>;
  /** Superuser status as authentik computes it: any direct or ancestor group has `is_superuser`. */
  isSuperuser(username: string): boolean;
  /** How many bindings use a policy (the Policy serializer's `bound_to`). */
  policyBindingCount(policyPk: string): number;
  /**
   * The lists in the viewsets' `ordering` (users by username, groups and applications by name,
   * bindings by order), compared by code unit like Postgres' C collation, with pk as the
   * tie-breaker so every list is deterministic. Filters keep this order.
   */
  usersInOrder(): readonly SimulatorUser[];
  groupsInOrder(): readonly SimulatorGroup[];
  applicationsInOrder(): readonly SimulatorApplication[];
  bindingsInOrder(): readonly SimulatorBinding[];
}

/** The part of a Map the handlers use. */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
}

export function createStateIndex(state: SimulatorState): StateIndex {
  const usersByPk = createLookup(state.users, (u) => u.pk);
  const usersByUsername = createLookup(state.users, (u) => u.username);
  const groupsByPk = createLookup(state.groups, (g) => g.pk);
  const applicationsByPk = createLookup(state.applications, (a) => a.pk);
  const applicationsBySlug = createLookup(state.applications, (a) => a.slug);
  const policiesByPk = createLookup(state.policies ?? [], (p) => p.pk);
  const bindingsByPk = createLookup(state.bindings, (b) => b.pk);
  const tokensByKey = createLookup(state.tokens, (t) => t.key);
  const bindingsByTarget = lazy(() => groupBy(state.bindings, (b) => [b.target]));
  const groupsByMember = lazy(() => groupBy(state.groups, (g) => g.members ?? []));
  let memberLookups = 0;
  const childrenByParent = lazy(() => groupBy(state.groups, (g) => g.parents ?? []));
  const bindingsByPolicy = lazy(() => {
    const counts = new Map<string, number>();
    for (const binding of state.bindings) {
      if (binding.policy !== undefined) counts.set(binding.policy, (counts.get(binding.policy) ?? 0) + 1);
    }
    return counts;
  });
  const usersInOrder = lazy(() => sortBy(state.users, (u) => [u.username, u.pk]));
  const groupsInOrder = lazy(() => sortBy(state.groups, (g) => [g.name, g.pk]));
  const applicationsInOrder = lazy(() => sortBy(state.applications, (a) => [a.name, a.pk]));
  const bindingsInOrder = lazy(() => sortBy(state.bindings, (b) => [b.order ?? 0, b.pk]));
  const ancestorCache = new Map<string, ReadonlySet<string>>();
  const allGroupsCache = new Map<string, ReadonlySet<string>>();

  function ancestorsOf(groupPk: string, visiting: Set<string>): ReadonlySet<string> {
    const cached = ancestorCache.get(groupPk);
    if (cached) return cached;
    const result = new Set<string>([groupPk]);
    // A cycle can only appear if a test edits the state in place; stop rather than recurse forever.
    if (visiting.has(groupPk)) return result;
    visiting.add(groupPk);
    for (const parent of groupsByPk.get(groupPk)?.parents ?? []) {
      if (!groupsByPk.has(parent)) continue;
      for (const pk of ancestorsOf(parent, visiting)) result.add(pk);
    }
    visiting.delete(groupPk);
    ancestorCache.set(groupPk, result);
    return result;
  }

  const index: StateIndex = {
    state,
    features: resolveFeatures(state.version),
    usersByPk,
    usersByUsername,
    groupsByPk,
    applicationsByPk,
    applicationsBySlug,
    policiesByPk,
    bindingsByPk,
    tokensByKey,
    bindingsOf(targetPk) {
      return bindingsByTarget().get(targetPk) ?? [];
    },
    directGroupsOf(username) {
      // Authentication asks for one user; scanning is cheaper than indexing every membership.
      memberLookups += 1;
      if (memberLookups <= scanLimit) return state.groups.filter((g) => g.members?.includes(username) === true);
      return groupsByMember().get(username) ?? [];
    },
    childrenOf(groupPk) {
      return childrenByParent().get(groupPk) ?? [];
    },
    allGroupPksOf(username) {
      const cached = allGroupsCache.get(username);
      if (cached) return cached;
      const result = new Set<string>();
      for (const group of index.directGroupsOf(username)) {
        for (const pk of ancestorsOf(group.pk, new Set())) result.add(pk);
      }
      allGroupsCache.set(username, result);
      return result;
    },
    isSuperuser(username) {
      for (const pk of index.allGroupPksOf(username)) {
        if (groupsByPk.get(pk)?.is_superuser === true) return true;
      }
      return false;
    },
    policyBindingCount(policyPk) {
      return bindingsByPolicy().get(policyPk) ?? 0;
    },
    usersInOrder,
    groupsInOrder,
    applicationsInOrder,
    bindingsInOrder,
  };
  return index;
}

/** Lookups answered by a linear scan before the map is built: most requests need only a few. */
const scanLimit = 4;

/** A Map that is only built once more than `scanLimit` lookups were made. */
function createLookup<K, V>(items: readonly V[], keyOf: (item: V) => K): Lookup<K, V> {
  let lookups = 0;
  const map = lazy(() => new Map(items.map((item) => [keyOf(item), item])));
  function get(key: K): V | undefined {
    lookups += 1;
    if (lookups <= scanLimit) return items.find((item) => keyOf(item) === key);
    return map().get(key);
  }
  return { get, has: (key) => get(key) !== undefined };
}

/** Computes on first call, then returns the same value. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** Each item under every key `keysOf` gives it, keeping state order and skipping repeats. */
function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keysOf(item))) {
      const list = out.get(key);
      if (list) list.push(item);
      else out.set(key, [item]);
    }
  }
  return out;
}
