import { SEVERITIES } from "../diff/index.js";
import type { DiffResult } from "../diff/index.js";
import type { AttributionSummary } from "../events/index.js";
import type { SnapshotApplication } from "../snapshot/index.js";
import { describeFindingEvent } from "./describe-finding-event.js";
import { describeSubject } from "./describe-subject.js";
import { escapeMarkdown, formatTableCodeSpan } from "./escape-markdown.js";
import { SEVERITY_TITLES } from "./severity-titles.js";
import type { DiffReportView } from "./types.js";

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
}

/** `check --format markdown` and `/diff.md`: findings grouped by severity, then the access changes. */
export function toDiffReportView(diff: DiffResult, context: DiffReportContext): DiffReportView {
  const names = new Map(context.applications.map((app) => [app.slug, app.name]));
  return {
    inSync: diff.inSync,
    baselineFile: escapeMarkdown(context.baselineFile),
    source: escapeMarkdown(context.source),
    takenAt: escapeMarkdown(context.takenAt),
    summary: { ...diff.summary, accessChanges: diff.accessChanges.length },
    severities: SEVERITIES.flatMap((severity) => {
      const findings = diff.findings.filter((finding) => finding.severity === severity);
      if (findings.length === 0) return [];
      return [
        {
          title: SEVERITY_TITLES[severity],
          count: findings.length,
          findings: findings.map((finding) => ({
            kind: formatTableCodeSpan(finding.kind),
            subject: escapeMarkdown(describeSubject(finding.subject)),
            message: escapeMarkdown(finding.message),
          })),
        },
      ];
    }),
    accessChanges: diff.accessChanges.map((change) => {
      const name = names.get(change.slug);
      return {
        username: escapeMarkdown(change.username),
        application: escapeMarkdown(name === undefined ? change.slug : `${name} (${change.slug})`),
        change: `${change.expected} → ${change.actual}`,
        via: change.via.length === 0 ? "—" : escapeMarkdown(change.via.join(", ")),
      };
    }),
    attribution: {
      window: context.attribution ? escapeMarkdown(`the last ${context.attribution.window}`) : null,
      notice: context.attribution?.notice ? escapeMarkdown(context.attribution.notice) : null,
      rows: diff.findings.flatMap((finding) =>
        (finding.events ?? []).map((event) => ({
          finding: `${formatTableCodeSpan(finding.kind)} ${escapeMarkdown(describeSubject(finding.subject))}`,
          change: escapeMarkdown(describeFindingEvent(event)),
        })),
      ),
    },
  };
}
