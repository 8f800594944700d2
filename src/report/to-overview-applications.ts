import { countByAccountType, describeBinding } from "../access/index.js";
import type { AuditResult } from "../audit/index.js";
import { SEVERITIES } from "../diff/index.js";
import type { AccessDirection, Finding, Severity } from "../diff/index.js";
import type { Snapshot } from "../snapshot/index.js";
import { compareNames } from "./compare-names.js";
import { formatChangeCount, summariseNames } from "./describe-access-changes.js";
import { describeFewNames, usernameLookup } from "./describe-few-names.js";
import { formatCount } from "./format-count.js";
import type { OverviewApplication } from "./overview-view.js";

/** Bindings named per application before "and N more". */
const BINDINGS_INLINE = 5;

/**
 * One compact row per application, by name: the bindings in force, how many active people and service
 * accounts may sign in (by name when few), how many hang on a policy, and the app's own drift. Counts come
 * from the result's live evaluator; nobody is listed when many are allowed (`access.json?app=` lists them).
 */
export function toOverviewApplications(
  result: AuditResult,
  serviceAccounts: ReadonlySet<number>,
  findingsBySlug: ReadonlyMap<string, readonly Finding[]>,
): OverviewApplication[] {
  const { snapshot, live } = result;
  const names = {
    groupNames: new Map(snapshot.groups.map((group) => [group.pk, group.name])),
    usernames: usernamesOfUserBindings(snapshot),
  };
  const username = usernameLookup(snapshot);
  const changes = changeCounts(result);
  return [...snapshot.applications]
    .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.slug, b.slug))
    .map((application): OverviewApplication => {
      const sets = live.application(application.pk);
      const allowed = countByAccountType(sets.allow, serviceAccounts);
      const labels = live.bindingsInForce(application.pk).map((binding) => describeBinding(binding, names));
      const findings = findingsBySlug.get(application.slug) ?? [];
      const changed = changes.get(application.slug);
      return {
        name: application.name,
        slug: application.slug,
        accessHref: `access.json?app=${encodeURIComponent(application.slug)}`,
        state: sets.everyone === "allow" ? "open" : sets.everyone === "deny" ? "closed" : "bound",
        bound: labels.length === 0 ? "—" : summariseNames(labels, BINDINGS_INLINE),
        allowed:
          sets.everyone === "allow"
            ? `everyone (${formatCount(allowed.people)})`
            : sets.everyone === "deny"
              ? "nobody (default deny)"
              : describeFewNames(allowed.people, () => [...sets.allow].filter((pk) => !serviceAccounts.has(pk)).map(username)),
        indeterminate: countByAccountType(sets.indeterminate, serviceAccounts).people,
        serviceAccounts: allowed.serviceAccounts,
        ...describeDrift(findings, changed),
      };
    });
}

function describeDrift(
  findings: readonly Finding[],
  changed: Record<AccessDirection, number> | undefined,
): Pick<OverviewApplication, "drift" | "driftLevel"> {
  const parts: string[] = [];
  for (const severity of SEVERITIES) {
    const count = findings.filter((finding) => finding.severity === severity).length;
    if (count > 0) parts.push(`${formatCount(count)} ${severity}`);
  }
  const worst: Severity | undefined = SEVERITIES.find((severity) => findings.some((finding) => finding.severity === severity));
  let changes = 0;
  for (const direction of ["gained", "lost", "indeterminate"] as const) {
    const count = changed?.[direction] ?? 0;
    changes += count;
    if (count > 0) parts.push(formatChangeCount({ direction, count }));
  }
  return {
    drift: parts.length === 0 ? "—" : parts.join(", "),
    driftLevel: worst ?? (changes > 0 ? "changes" : "none"),
  };
}

/** People who gained, lost or went to or from indeterminate per app; accepted changes left out. */
function changeCounts(result: AuditResult): Map<string, Record<AccessDirection, number>> {
  const counts = new Map<string, Record<AccessDirection, number>>();
  for (const group of result.diff.accessChangeGroups) {
    if (group.accepted) continue;
    const entry = counts.get(group.slug) ?? { gained: 0, lost: 0, indeterminate: 0 };
    entry[group.direction] += group.count;
    counts.set(group.slug, entry);
  }
  return counts;
}

/** Only user bindings name users: a map of those few rather than of every user. */
function usernamesOfUserBindings(snapshot: Snapshot): Map<number, string> {
  const wanted = new Set(snapshot.bindings.flatMap((binding) => (binding.kind === "user" && binding.user !== null ? [binding.user] : [])));
  return new Map(snapshot.users.filter((user) => wanted.has(user.pk)).map((user) => [user.pk, user.username]));
}
