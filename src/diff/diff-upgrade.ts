import { createAccessEvaluator, isServiceAccount } from "../access/index.js";
import type { DiffContext } from "./create-diff-context.js";
import { createFinding } from "./create-finding.js";
import { compareText, formatList } from "./format-list.js";
import type { Finding } from "./types.js";

/**
 * On authentik 2025.8.0 to 2025.12.4, an app in `all` mode admits anyone who passes ONE group or user
 * binding; the fix (2025.12.5, 2026.2.0) makes them pass every one. The same snapshot evaluated under
 * the fixed rules says who an upgrade will lock out (or let in), per app, before it happens.
 */
export function diffUpgrade(context: DiffContext): Finding[] {
  if (!context.allModeBug) return [];
  const fixed = createAccessEvaluator(context.snapshot, { allModeBug: false, like: context.live });
  const findings: Finding[] = [];
  const version = context.snapshot.source.authentikVersion ?? "this version";
  for (const app of [...context.snapshot.applications].sort((a, b) => compareText(a.slug, b.slug))) {
    if (app.policyEngineMode !== "all" || context.live.bindingsInForce(app.pk).length === 0) continue;
    const now = context.live.application(app.pk).allow;
    const after = fixed.application(app.pk).allow;
    const lose = people(
      context,
      [...now].filter((pk) => !after.has(pk)),
    );
    const gain = people(
      context,
      [...after].filter((pk) => !now.has(pk)),
    );
    if (lose.length === 0 && gain.length === 0) continue;
    const effects = [
      ...(lose.length > 0 ? [`${lose.length} will lose access (${formatList(lose)})`] : []),
      ...(gain.length > 0 ? [`${gain.length} will gain it (${formatList(gain)})`] : []),
    ];
    findings.push(
      createFinding(
        "upgrade-changes-access",
        "warning",
        { type: "application", slug: app.slug },
        now.size,
        after.size,
        `${app.name} uses policy engine mode "all", which authentik ${version} applies like "any" to group and user bindings; ` +
          `after an upgrade to 2025.12.5, 2026.2.0 or later, ${effects.join(" and ")}`,
      ),
    );
  }
  return findings;
}

function people(context: DiffContext, pks: readonly number[]): string[] {
  return pks
    .flatMap((pk) => {
      const user = context.usersByPk.get(pk);
      return user === undefined || isServiceAccount(user) ? [] : [user.username];
    })
    .sort(compareText);
}
