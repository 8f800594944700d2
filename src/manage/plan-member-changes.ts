import type { PlanContext } from "./plan-context.js";
import type { Change } from "./types.js";

/**
 * Direct members: each documented member a group lacks is added, each member the tables do not list is
 * removed, one user per change (authentik's add_user/remove_user, never a replacement of the list).
 */
export function planMemberChanges(context: PlanContext): Change[] {
  const changes: Change[] = [];
  for (const { desired, live } of context.groups) {
    const group = context.groupRef(desired.pk);
    if (!group) continue;
    const current = new Set(live?.members ?? []);
    const wanted = new Set(desired.members);
    for (const userPk of desired.members) {
      if (!current.has(userPk)) changes.push({ kind: "add-member", group, username: context.username(userPk), userPk });
    }
    for (const userPk of live?.members ?? []) {
      if (!wanted.has(userPk)) changes.push({ kind: "remove-member", group, username: context.username(userPk), userPk });
    }
  }
  return changes;
}
