import { isServiceAccount } from "../access/index.js";
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

  const apps = [...snapshot.applications]
    .sort((a, b) => compareText(a.slug, b.slug))
    .map((app) => ({ slug: app.slug, sets: live.application(app.pk) }));
  const findings: Finding[] = [];
  for (const pk of superusers) {
    const user = context.usersByPk.get(pk);
    // An outpost's own account is a superuser by design and signs in to nothing: no note for it.
    if (!live.activeUsers.has(pk) || (user !== undefined && isServiceAccount(user))) continue;
    const denied = apps.filter(({ sets }) => !sets.allow.has(pk) && !sets.indeterminate.has(pk)).map(({ slug }) => slug);
    if (denied.length === 0) continue;
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
