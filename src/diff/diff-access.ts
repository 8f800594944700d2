import { isServiceAccount, symmetricDifference } from "../access/index.js";
import type { ApplicationAccessSets } from "../access/index.js";
import type { DiffContext } from "./create-diff-context.js";
import { compareText } from "./format-list.js";
import type { AccessChange, AccessDirection, AccessResult } from "./types.js";

/**
 * Every (active user, app) whose live access differs from what the tables imply, for apps that are
 * both documented and live, sorted by slug then username. Works on each app's allow sets, so the cost
 * is a few passes over the users per app; `decide` runs only for the pairs that changed, to say why.
 */
export function diffAccess(context: DiffContext): AccessChange[] {
  const { live, expected } = context;
  const changes: AccessChange[] = [];
  const apps = context.snapshot.applications.filter((app) => context.documented.has(app.slug)).sort((a, b) => compareText(a.slug, b.slug));
  for (const app of apps) {
    const before = expected.application(app.pk);
    const after = live.application(app.pk);
    if (before.everyone !== null && before.everyone === after.everyone) continue;

    const appChanges: AccessChange[] = [];
    for (const pk of candidates(before, after)) {
      const was = resultOf(before, pk);
      const now = resultOf(after, pk);
      if (was === now) continue;
      const user = context.usersByPk.get(pk);
      if (!user) continue;
      appChanges.push({
        username: user.username,
        slug: app.slug,
        expected: was,
        actual: now,
        direction: directionOf(was, now),
        serviceAccount: isServiceAccount(user),
        via: live.decide(pk, app.pk).via,
        expectedVia: expected.decide(pk, app.pk).via,
      });
    }
    for (const entry of appChanges.sort((a, b) => compareText(a.username, b.username))) changes.push(entry);
  }
  return changes;
}

/** The users whose verdict may differ: those in exactly one of the allow sets, or of the indeterminate sets. */
function candidates(before: ApplicationAccessSets, after: ApplicationAccessSets): Set<number> {
  const users = symmetricDifference(before.allow, after.allow);
  for (const pk of symmetricDifference(before.indeterminate, after.indeterminate)) users.add(pk);
  return users;
}

function resultOf(sets: ApplicationAccessSets, pk: number): AccessResult {
  if (sets.allow.has(pk)) return "allow";
  if (sets.indeterminate.has(pk)) return "indeterminate";
  return "deny";
}

function directionOf(was: AccessResult, now: AccessResult): AccessDirection {
  if (was === "deny" && now === "allow") return "gained";
  if (was === "allow" && now === "deny") return "lost";
  return "indeterminate";
}
