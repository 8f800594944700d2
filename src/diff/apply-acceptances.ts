import type { BaselineAcceptance } from "../baseline/index.js";
import type { DiffContext } from "./create-diff-context.js";
import { createFinding } from "./create-finding.js";
import { FINDING_KINDS } from "./finding-kinds.js";
import type { AccessChange, Finding, FindingKind } from "./types.js";

/**
 * Marks the findings the runbook accepts on purpose (`accepted`), and those whose acceptance has run out
 * (`acceptanceExpired`, counted again). An access change is accepted when every finding that can explain
 * it is accepted: those on its app, those about its user's memberships, and those about the groups its
 * verdicts go through. An acceptance that matches nothing becomes an `acceptance-stale` note.
 */
export function applyAcceptances(
  context: DiffContext,
  findings: readonly Finding[],
  changes: readonly AccessChange[],
): { findings: Finding[]; accessChanges: AccessChange[] } {
  const acceptances = context.baseline.acceptances;
  if (acceptances.length === 0) return { findings: [...findings], accessChanges: [...changes] };
  const now = Date.parse(context.snapshot.takenAt);
  const byId = new Map(acceptances.map((acceptance) => [acceptance.finding, acceptance]));
  const used = new Set<BaselineAcceptance>();

  const marked = findings.map((finding): Finding => {
    const acceptance = byId.get(finding.id);
    if (!acceptance) return finding;
    used.add(acceptance);
    const accepted = { reason: acceptance.reason, until: acceptance.until };
    return isExpired(acceptance, now) ? { ...finding, acceptanceExpired: accepted } : { ...finding, accepted };
  });

  const accessChanges = changes.map((change): AccessChange => {
    const related = marked.filter((finding) => explains(context, finding, change));
    return related.length > 0 && related.every((finding) => finding.accepted !== undefined) ? { ...change, accepted: true } : change;
  });

  const stale = acceptances.filter((acceptance) => !used.has(acceptance)).map((acceptance) => staleFinding(context, acceptance, now));
  return { findings: [...marked, ...stale], accessChanges };
}

/** `until` is the first moment the acceptance no longer holds: a date means that day's 00:00 UTC. */
function isExpired(acceptance: BaselineAcceptance, now: number): boolean {
  if (acceptance.until === null) return false;
  const until = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(acceptance.until) ? `${acceptance.until}T00:00:00Z` : acceptance.until);
  return now >= until;
}

function explains(context: DiffContext, finding: Finding, change: AccessChange): boolean {
  const { subject } = finding;
  switch (subject.type) {
    case "application":
    case "binding":
      return subject.slug === change.slug && finding.kind !== "upgrade-changes-access";
    case "user":
      return subject.group !== undefined && subject.username === change.username;
    case "group":
      return involvedGroupNames(context, change).has(subject.name);
    case "acceptance":
      return false;
  }
}

function involvedGroupNames(context: DiffContext, change: AccessChange): Set<string> {
  const user = context.usersByUsername.get(change.username);
  const app = context.liveAppsBySlug.get(change.slug);
  if (!user || !app) return new Set();
  const live = context.live.involvedGroups(user.pk, app.pk).map((pk) => context.groupLabel(pk));
  const expectedNames = new Map(context.baseline.groups.map((group) => [group.pk, group.name]));
  const expected = context.expected.involvedGroups(user.pk, app.pk).map((pk) => expectedNames.get(pk) ?? pk);
  return new Set([...live, ...expected]);
}

function staleFinding(context: DiffContext, acceptance: BaselineAcceptance, now: number): Finding {
  const kind = acceptance.finding.slice(0, acceptance.finding.indexOf(":"));
  const where = `${context.baseline.file}:${acceptance.line}`;
  const why = !FINDING_KINDS.includes(kind as FindingKind)
    ? `"${kind}" is no finding kind (see the README's finding ids)`
    : isExpired(acceptance, now)
      ? "it has expired, and the finding is gone too"
      : "no such finding exists any more";
  return createFinding(
    "acceptance-stale",
    "info",
    { type: "acceptance", finding: acceptance.finding },
    acceptance.finding,
    null,
    `${where}: the acceptance of ${acceptance.finding} matches nothing: ${why}; remove the row`,
  );
}
