import type { SnapshotGroup } from "../snapshot/index.js";

/** Effective group membership, as authentik computes it with `User.all_groups()` (SEMANTICS.md section 2). */
export interface GroupMembership {
  /** Users in the group directly or through any descendant group, at any depth (active or not). */
  members(groupPk: string): ReadonlySet<number>;
  /** The group itself and every group below it: children, grandchildren, and so on. */
  descendants(groupPk: string): ReadonlySet<string>;
}

/**
 * Membership is inherited upward: a member of a child group counts as a member of the parent, never
 * the reverse. Results are memoised per group, so each closure is walked once however many bindings
 * use it. `parents` may contain cycles (authentik's materialised view tolerates them), so the walk
 * keeps a visited set instead of trusting the graph to be a tree.
 */
export function createGroupMembership(groups: readonly SnapshotGroup[]): GroupMembership {
  const directMembers = new Map<string, readonly number[]>();
  const children = new Map<string, string[]>();
  for (const group of groups) {
    directMembers.set(group.pk, group.members);
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

  function members(groupPk: string): ReadonlySet<number> {
    const cached = membersCache.get(groupPk);
    if (cached) return cached;
    const result = new Set<number>();
    for (const pk of descendants(groupPk)) for (const member of directMembers.get(pk) ?? []) result.add(member);
    membersCache.set(groupPk, result);
    return result;
  }

  return { members, descendants };
}
