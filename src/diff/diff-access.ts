import type { AccessEvaluator } from "../access/index.js";
import type { DiffContext } from "./create-diff-context.js";
import { compareText } from "./format-list.js";
import type { AccessChange } from "./types.js";

/**
 * Every (active user, app) whose live access differs from what the tables imply, for apps that are
 * both documented and live, sorted by slug then username. Works on each app's allow sets, so the cost
 * is a few passes over the users per app; `decide` runs only for the pairs that changed, to say why.
 */
export function diffAccess(context: DiffContext, expected: AccessEvaluator, documentedSlugs: ReadonlySet<string>): AccessChange[] {
  const { live } = context;
  const changes: AccessChange[] = [];
  const apps = context.snapshot.applications.filter((app) => documentedSlugs.has(app.slug)).sort((a, b) => compareText(a.slug, b.slug));
  for (const app of apps) {
    const before = expected.application(app.pk);
    const after = live.application(app.pk);
    if (before.everyone !== null && before.everyone === after.everyone) continue;

    const appChanges: AccessChange[] = [];
    const change = (pk: number, expectedResult: AccessChange["expected"], actual: AccessChange["actual"]): void => {
      const user = context.usersByPk.get(pk);
      if (!user) return;
      const via = live.decide(pk, app.pk).via;
      appChanges.push({ username: user.username, slug: app.slug, expected: expectedResult, actual, via });
    };
    for (const pk of before.allow) {
      if (!after.allow.has(pk)) change(pk, "allow", after.indeterminate.has(pk) ? "indeterminate" : "deny");
    }
    for (const pk of after.allow) if (!before.allow.has(pk)) change(pk, "deny", "allow");
    for (const pk of after.indeterminate) if (!before.allow.has(pk)) change(pk, "deny", "indeterminate");
    for (const entry of appChanges.sort((a, b) => compareText(a.username, b.username))) changes.push(entry);
  }
  return changes;
}
