import { activeCandidatesOutside, isServiceAccount } from "../access/index.js";
import type { DiffContext } from "./create-diff-context.js";
import { createFinding } from "./create-finding.js";
import { compareText, formatList } from "./format-list.js";
import type { Finding } from "./types.js";

/**
 * One note per active superuser who is denied some application. The runbook says superusers bypass
 * bindings; authentik has no such exemption (SEMANTICS.md section 1), so these are the people that
 * belief misleads. Superuser status is authentik's own flag or membership, direct or inherited, of
 * a superuser group, because a snapshot's flag may predate a membership change.
 */
export function diffSuperuserAccess(context: DiffContext): Finding[] {
  const { live, snapshot } = context;
  const superusers = new Set<number>();
  for (const user of snapshot.users) if (user.isSuperuser) superusers.add(user.pk);
  for (const group of snapshot.groups) {
    if (group.isSuperuser) for (const pk of live.effectiveMembers(group.pk)) superusers.add(pk);
  }

  // Active people only: an outpost's own account is a superuser by design and signs in to nothing.
  const candidates = new Set<number>();
  for (const pk of superusers) {
    const user = context.usersByPk.get(pk);
    if (live.activeUsers.has(pk) && !(user !== undefined && isServiceAccount(user))) candidates.add(pk);
  }
  // App by app, so an app open to everyone costs its exclusions, not one lookup per superuser.
  const deniedByUser = new Map<number, string[]>();
  for (const app of [...snapshot.applications].sort((a, b) => compareText(a.slug, b.slug))) {
    const sets = live.application(app.pk);
    for (const pk of activeCandidatesOutside(candidates, sets.allow)) {
      if (sets.indeterminate.has(pk)) continue;
      const denied = deniedByUser.get(pk);
      if (denied) denied.push(app.slug);
      else deniedByUser.set(pk, [app.slug]);
    }
  }

  const findings: Finding[] = [];
  for (const pk of candidates) {
    const denied = deniedByUser.get(pk);
    if (!denied) continue;
    const username = context.username(pk);
    findings.push(
      createFinding(
        "superuser-not-exempt",
        "info",
        { type: "user", username },
        "allow",
        denied,
        `${username} is a superuser but cannot sign in to ${formatList(denied)}, ` +
          "because authentik applies application bindings to superusers too (the runbook assumes they are exempt)",
      ),
    );
  }
  return findings;
}
