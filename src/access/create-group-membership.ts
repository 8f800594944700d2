import type { SnapshotGroup } from "../snapshot/index.js";

/** Effective group membership, as authentik computes it with `User.all_groups()` (SEMANTICS.md section 2). */
export interface GroupMembership {
  /** Users in the group directly or through any descendant group, at any depth (active or not). */
  members(groupPk: string): ReadonlySet<number>;
  /** The group itself and every group below it: children, grandchildren, and so on. */
  descendants(groupPk: string): ReadonlySet<string>;
  /**
   * How a user is a member of the group: the shortest chain of group pks from one of the user's direct
   * groups up to the group (`[groupPk]` for a direct member), or null when the user is not a member.
   */
  path(userPk: number, groupPk: string): readonly string[] | null;
  /** The groups it was built from, by pk. */
  readonly groupsByPk: ReadonlyMap<string, SnapshotGroup>;
}

/**
 * Membership is inherited upward: a member of a child group counts as a member of the parent, never
 * the reverse. Results are memoised per group, so each closure is walked once however many bindings
 * use it. `parents` may contain cycles (authentik's materialised view tolerates them), so the walk
 * keeps a visited set instead of trusting the graph to be a tree.
 */
export function createGroupMembership(groups: readonly SnapshotGroup[], reference?: GroupMembership): GroupMembership {
  const groupsByPk = new Map<string, SnapshotGroup>();
  const directMembers = new Map<string, readonly number[]>();
  const children = new Map<string, string[]>();
  const parents = new Map<string, readonly string[]>();
  for (const group of groups) {
    groupsByPk.set(group.pk, group);
    directMembers.set(group.pk, group.members);
    parents.set(group.pk, group.parents);
    for (const parent of group.parents) {
      const siblings = children.get(parent);
      if (siblings) siblings.push(group.pk);
      else children.set(parent, [group.pk]);
    }
  }

  const descendantsCache = new Map<string, ReadonlySet<string>>();
  const membersCache = new Map<string, ReadonlySet<number>>();

  function descendants(groupPk: string): ReadonlySet<string> {
    const cached = descendantsCache.get(groupPk);
    if (cached) return cached;
    const seen = new Set<string>([groupPk]);
    const pending = [groupPk];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      for (const child of children.get(next) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        pending.push(child);
      }
    }
    descendantsCache.set(groupPk, seen);
    return seen;
  }

  // A group whose direct members and parents are the reference's too; a closure of only such groups,
  // with the same groups below it, has the same members, and then the reference's very set is used.
  // That identity is what lets the diff see in one comparison that an app's access did not change.
  const unchangedCache = new Map<string, boolean>();
  function unchanged(groupPk: string): boolean {
    let same = unchangedCache.get(groupPk);
    if (same === undefined) {
      const mine = groupsByPk.get(groupPk);
      const theirs = reference?.groupsByPk.get(groupPk);
      same =
        mine !== undefined && theirs !== undefined && sameItems(mine.members, theirs.members) && sameItems(mine.parents, theirs.parents);
      unchangedCache.set(groupPk, same);
    }
    return same;
  }
  function sharedMembers(groupPk: string): ReadonlySet<number> | null {
    if (!reference) return null;
    const below = descendants(groupPk);
    for (const pk of below) if (!unchanged(pk)) return null;
    const theirs = reference.descendants(groupPk);
    if (theirs.size !== below.size) return null;
    for (const pk of theirs) if (!below.has(pk)) return null;
    return reference.members(groupPk);
  }

  function members(groupPk: string): ReadonlySet<number> {
    const cached = membersCache.get(groupPk);
    if (cached) return cached;
    const shared = sharedMembers(groupPk);
    if (shared) {
      membersCache.set(groupPk, shared);
      return shared;
    }
    const result = new Set<number>();
    for (const pk of descendants(groupPk)) for (const member of directMembers.get(pk) ?? []) result.add(member);
    membersCache.set(groupPk, result);
    return result;
  }

  let directGroupsByUser: Map<number, string[]> | null = null;
  function directGroups(userPk: number): readonly string[] {
    if (!directGroupsByUser) {
      directGroupsByUser = new Map();
      for (const [groupPk, members] of directMembers) {
        for (const member of members) {
          const list = directGroupsByUser.get(member);
          if (list) list.push(groupPk);
          else directGroupsByUser.set(member, [groupPk]);
        }
      }
      for (const list of directGroupsByUser.values()) list.sort();
    }
    return directGroupsByUser.get(userPk) ?? [];
  }

  function path(userPk: number, groupPk: string): readonly string[] | null {
    const below = descendants(groupPk);
    const starts = directGroups(userPk).filter((pk) => below.has(pk));
    if (starts.length === 0) return null;
    if (starts.includes(groupPk)) return [groupPk];
    // Breadth first upward from every direct group at once, within the groups below the target, so the
    // first arrival is a shortest chain; starts are sorted, so ties break the same way every time.
    const previous = new Map<string, string | null>(starts.map((pk) => [pk, null]));
    const queue = [...starts];
    for (let index = 0; index < queue.length; index += 1) {
      const current = queue[index] as string;
      for (const parent of parents.get(current) ?? []) {
        if (!below.has(parent) || previous.has(parent)) continue;
        previous.set(parent, current);
        if (parent === groupPk) {
          const chain: string[] = [];
          for (let step: string | null | undefined = parent; step; step = previous.get(step)) chain.push(step);
          return chain.reverse();
        }
        queue.push(parent);
      }
    }
    return null;
  }

  return { members, descendants, path, groupsByPk };
}

/** Same items in the same order: snapshots and the documented state both keep members and parents sorted. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
