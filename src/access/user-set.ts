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

export function materializeUserSet(set: UserSet, activeUsers: ReadonlySet<number>): ReadonlySet<number> {
  if (!set.complement) return set.pks;
  if (set.pks.size === 0) return activeUsers;
  return difference(activeUsers, set.pks);
}

export function union(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const [larger, smaller] = a.size >= b.size ? [a, b] : [b, a];
  const result = new Set(larger);
  for (const pk of smaller) result.add(pk);
  return result;
}

export function intersection(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  const [smaller, larger] = a.size <= b.size ? [a, b] : [b, a];
  const result = new Set<number>();
  for (const pk of smaller) if (larger.has(pk)) result.add(pk);
  return result;
}

export function difference(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  if (b.size === 0 || a.size === 0) return a;
  const result = new Set<number>();
  for (const pk of a) if (!b.has(pk)) result.add(pk);
  return result;
}
