import { SEVERITIES } from "../diff/index.js";
import type { DiffResult, Finding } from "../diff/index.js";
import type { AttributionSummary } from "../events/index.js";
import type { SnapshotApplication } from "../snapshot/index.js";
import { describeAcceptance } from "./describe-acceptance.js";
import { describeCause, describeChangeTotals, formatChangeCount, summariseNames } from "./describe-access-changes.js";
import { describeFindingEvent } from "./describe-finding-event.js";
import { escapeMarkdown, formatTableCodeSpan } from "./escape-markdown.js";
import { SEVERITY_TITLES } from "./severity-titles.js";
import type { DiffReportFinding, DiffReportView } from "./diff-report-view.js";

export interface DiffReportContext {
  /** The runbook the baseline came from, as the user named it. */
  baselineFile: string;
  /** The audited authentik's URL. */
  source: string;
  takenAt: string;
  /** The snapshot's apps, to name an access change's app; a slug it lacks is shown alone. */
  applications: readonly Pick<SnapshotApplication, "slug" | "name">[];
  /** What was read of authentik's event log; null or absent when it was not read (offline, or attribution off). */
  attribution?: AttributionSummary | null;
  /** What the snapshot could not see. */
  completenessProblems: readonly string[];
  /** One row per changed person instead of the grouped view. */
  details?: boolean;
}

/** How much of each list a view shows: a long report is cut to fit where it is posted. */
export interface DiffReportLimits {
  /** Findings per severity (and accepted ones). */
  findings: number;
  /** Access-change groups, or people with `details`. */
  accessChanges: number;
}

export const NO_LIMITS: DiffReportLimits = { findings: Number.POSITIVE_INFINITY, accessChanges: Number.POSITIVE_INFINITY };

/** `check --format markdown` and `/diff.md`: findings by severity, the accepted ones, then the access changes grouped. */
export function toDiffReportView(diff: DiffResult, context: DiffReportContext, limits: DiffReportLimits = NO_LIMITS): DiffReportView {
  const names = new Map(context.applications.map((app) => [app.slug, app.name]));
  const application = (slug: string): string => escapeMarkdown(names.has(slug) ? `${names.get(slug)} (${slug})` : slug);
  let omitted = 0;
  const cut = <T>(items: readonly T[], limit: number): T[] => {
    omitted += Math.max(0, items.length - limit);
    return items.slice(0, limit);
  };

  const severities = SEVERITIES.flatMap((severity) => {
    const findings = diff.findings.filter((finding) => finding.severity === severity && !finding.accepted);
    if (findings.length === 0) return [];
    return [{ title: SEVERITY_TITLES[severity], count: findings.length, findings: cut(findings, limits.findings).map(toReportFinding) }];
  });
  const acceptedFindings = diff.findings.filter((finding) => finding.accepted);
  const counting = diff.accessChanges.filter((change) => !change.accepted);

  const groups = diff.accessChangeGroups;
  const accessChanges = context.details
    ? cut(diff.accessChanges, limits.accessChanges).map((change) => ({
        application: application(change.slug),
        change: `${change.expected} → ${change.actual}`,
        cause: escapeMarkdown(
          describeCause({ direction: change.direction, via: change.direction === "lost" ? change.expectedVia : change.via }),
        ),
        people: escapeMarkdown(
          `${change.username}${change.serviceAccount ? " (service account)" : ""}${change.accepted ? " (accepted)" : ""}`,
        ),
      }))
    : cut(groups, limits.accessChanges).map((group) => ({
        application: application(group.slug),
        change: formatChangeCount(group),
        cause: escapeMarkdown(describeCause(group)),
        people: escapeMarkdown(
          `${group.serviceAccounts ? "service accounts: " : ""}${summariseNames(group.usernames)}${group.accepted ? " (accepted)" : ""}`,
        ),
      }));

  return {
    inSync: diff.inSync,
    baselineFile: escapeMarkdown(context.baselineFile),
    source: escapeMarkdown(context.source),
    takenAt: escapeMarkdown(context.takenAt),
    completenessProblems: context.completenessProblems.map(escapeMarkdown),
    summary: { ...diff.summary, accessChanges: counting.length },
    severities,
    accepted:
      acceptedFindings.length === 0
        ? null
        : { count: acceptedFindings.length, findings: cut(acceptedFindings, limits.findings).map(toReportFinding) },
    accessChangeTotals: groups.length === 0 ? null : escapeMarkdown(describeChangeTotals(groups.filter((group) => !group.accepted))),
    accessChanges,
    attribution: {
      window: context.attribution ? escapeMarkdown(`the last ${context.attribution.window}`) : null,
      notice: context.attribution?.notice ? escapeMarkdown(context.attribution.notice) : null,
      rows: cut(
        diff.findings.flatMap((finding) => (finding.events ?? []).map((event) => ({ finding, event }))),
        limits.findings,
      ).map(({ finding, event }) => ({ finding: formatTableCodeSpan(finding.id), change: escapeMarkdown(describeFindingEvent(event)) })),
    },
    omitted,
  };
}

function toReportFinding(finding: Finding): DiffReportFinding {
  const note = describeAcceptance(finding);
  return {
    id: formatTableCodeSpan(finding.id),
    message: escapeMarkdown(finding.message),
    note: note === null ? null : escapeMarkdown(note),
  };
}
