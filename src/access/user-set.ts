import { getOrCreate } from "./get-or-create.js";

/**
 * A set of active users kept either as its members or as the active users it leaves out. A negated
 * binding ("everyone who is not in G") then costs no more than a plain one: the complement is only
 * spelled out once, when someone asks for the members.
 */
export interface UserSet {
  /** When true, the set is every active user except `pks`; when false, exactly `pks` (all active). */
  readonly complement: boolean;
  readonly pks: ReadonlySet<number>;
}

const EMPTY: ReadonlySet<number> = new Set<number>();

export const NOBODY: UserSet = { complement: false, pks: EMPTY };
export const EVERYBODY: UserSet = { complement: true, pks: EMPTY };

/** `pks` must hold active users only: materialising trusts it. */
export function includeUsers(pks: ReadonlySet<number>): UserSet {
  return { complement: false, pks };
}

export function complementUserSet(set: UserSet): UserSet {
  return { complement: !set.complement, pks: set.pks };
}

export function unionUserSets(a: UserSet, b: UserSet): UserSet {
  if (!a.complement && !b.complement) return { complement: false, pks: union(a.pks, b.pks) };
  if (a.complement && b.complement) return { complement: true, pks: intersection(a.pks, b.pks) };
  // One side lists who is in, the other who is out: whoever is out of one and not in the other stays out.
  return a.complement ? { complement: true, pks: difference(a.pks, b.pks) } : { complement: true, pks: difference(b.pks, a.pks) };
}

export function intersectUserSets(a: UserSet, b: UserSet): UserSet {
  if (!a.complement && !b.complement) return { complement: false, pks: intersection(a.pks, b.pks) };
  if (a.complement && b.complement) return { complement: true, pks: union(a.pks, b.pks) };
  return a.complement ? { complement: false, pks: difference(b.pks, a.pks) } : { complement: false, pks: difference(a.pks, b.pks) };
}

/**
 * The set as a `ReadonlySet`. A complement stays a view over the active users (see `ActiveUsersExcept`):
 * "everyone not in G" at 50,000 users is then a lookup, not a 50,000-element set per app.
 */
export function materializeUserSet(set: UserSet, activeUsers: ReadonlySet<number>): ReadonlySet<number> {
  if (!set.complement) return set.pks;
  return activeUsersExcept(activeUsers, set.pks);
}

/** Every active user except `excluded`: what a complement set looks like to its readers. */
export interface ActiveUsersExcept extends ReadonlySet<number> {
  readonly active: ReadonlySet<number>;
  readonly excluded: ReadonlySet<number>;
}

export function activeUsersExcept(active: ReadonlySet<number>, excluded: ReadonlySet<number>): ActiveUsersExcept {
  return remember(viewsMemo, active, excluded, () => createActiveUsersExcept(active, excluded));
}

function createActiveUsersExcept(active: ReadonlySet<number>, excluded: ReadonlySet<number>): ActiveUsersExcept {
  let size: number | undefined;
  const has = (pk: number): boolean => active.has(pk) && !excluded.has(pk);
  // Typed as the built-in iterator a Set hands out, so the view passes wherever a ReadonlySet does.
  function* values(): Generator<number, undefined> {
    for (const pk of active) if (!excluded.has(pk)) yield pk;
    return undefined;
  }
  function* entries(): Generator<[number, number], undefined> {
    for (const pk of values()) yield [pk, pk];
    return undefined;
  }
  const view: ActiveUsersExcept = {
    active,
    excluded,
    has,
    get size() {
      if (size === undefined) {
        let outside = 0;
        for (const pk of excluded) if (active.has(pk)) outside += 1;
        size = active.size - outside;
      }
      return size;
    },
    keys: values,
    values,
    entries,
    forEach(callback, thisArg) {
      for (const pk of values()) callback.call(thisArg, pk, pk, view);
    },
    [Symbol.iterator]: values,
  };
  return view;
}

function isActiveUsersExcept(set: ReadonlySet<number>): set is ActiveUsersExcept {
  return "excluded" in set && "active" in set;
}

/**
 * The candidates, all active users, that are not in `set`. Against a view over the same active users
 * only its exclusions need looking at, so a check of 700 superusers against 1,000 open apps is cheap.
 */
export function activeCandidatesOutside(candidates: ReadonlySet<number>, set: ReadonlySet<number>): number[] {
  const outside: number[] = [];
  if (isActiveUsersExcept(set) && set.excluded.size < candidates.size) {
    for (const pk of set.excluded) if (candidates.has(pk)) outside.push(pk);
    return outside;
  }
  for (const pk of candidates) if (!set.has(pk)) outside.push(pk);
  return outside;
}

/**
 * The users in exactly one of the two sets. Two views over the same active users differ only where their
 * exclusions do, so an in-sync 50,000-user tenant costs the size of its exclusions, not of its users.
 */
export function symmetricDifference(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  const result = new Set<number>();
  if (a === b) return result;
  if (isActiveUsersExcept(a) && isActiveUsersExcept(b) && a.active === b.active) {
    for (const pk of a.excluded) if (!b.excluded.has(pk) && a.active.has(pk)) result.add(pk);
    for (const pk of b.excluded) if (!a.excluded.has(pk) && a.active.has(pk)) result.add(pk);
    return result;
  }
  for (const pk of a) if (!b.has(pk)) result.add(pk);
  for (const pk of b) if (!a.has(pk)) result.add(pk);
  return result;
}

/**
 * Results of the operations below, remembered by the identity of their operands for as long as both
 * live. Evaluators of two states that share a group's member set (see createGroupMembership) then get
 * the very same set for an app bound the same way in both, and the diff skips it with one `===`.
 */
type Memo<T> = WeakMap<object, WeakMap<object, T>>;
const unionMemo: Memo<ReadonlySet<number>> = new WeakMap();
const intersectionMemo: Memo<ReadonlySet<number>> = new WeakMap();
const differenceMemo: Memo<ReadonlySet<number>> = new WeakMap();
const viewsMemo: Memo<ActiveUsersExcept> = new WeakMap();

function remember<T>(memo: Memo<T>, a: object, b: object, compute: () => T): T {
  return getOrCreate(
    getOrCreate(memo, a, () => new WeakMap<object, T>()),
    b,
    compute,
  );
}

/** The set of one active user, the same object each time it is asked for. */
const singletons = new WeakMap<ReadonlySet<number>, Map<number, ReadonlySet<number>>>();
export function onlyUser(pk: number, activeUsers: ReadonlySet<number>): ReadonlySet<number> {
  const byPk = getOrCreate(singletons, activeUsers, () => new Map<number, ReadonlySet<number>>());
  return getOrCreate(byPk, pk, () => new Set([pk]));
}

export function union(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  if (a.size === 0 || a === b) return b;
  if (b.size === 0) return a;
  return remember(unionMemo, a, b, () => unionOf(a, b));
}

// Both operations first look for the common case of one set inside the other (a nested group whose
// members are also its parent's, a group of active users only) and then answer with that operand
// itself: no copy, and nothing for the garbage collector.
function unionOf(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  const [larger, smaller] = a.size >= b.size ? [a, b] : [b, a];
  if (isSubset(smaller, larger)) return larger;
  const result = new Set(larger);
  for (const pk of smaller) result.add(pk);
  return result;
}

function isSubset(smaller: ReadonlySet<number>, larger: ReadonlySet<number>): boolean {
  for (const pk of smaller) if (!larger.has(pk)) return false;
  return true;
}

export function intersection(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  if (a === b) return a;
  return remember(intersectionMemo, a, b, () => intersectionOf(a, b));
}

function intersectionOf(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  const [smaller, larger] = a.size <= b.size ? [a, b] : [b, a];
  if (isSubset(smaller, larger)) return smaller;
  const result = new Set<number>();
  for (const pk of smaller) if (larger.has(pk)) result.add(pk);
  return result;
}

export function difference(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  if (b.size === 0 || a.size === 0) return a;
  return remember(differenceMemo, a, b, () => differenceOf(a, b));
}

function differenceOf(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  const result = new Set<number>();
  for (const pk of a) if (!b.has(pk)) result.add(pk);
  return result;
}
