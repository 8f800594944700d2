/**
 * The diff report's view model: exactly what its template prints, every field present (null or []
 * when empty), text already escaped for Markdown (see escape-markdown.ts).
 */

export interface DiffReportView {
  inSync: boolean;
  baselineFile: string;
  source: string;
  takenAt: string;
  completenessProblems: string[];
  summary: DiffReportSummary;
  /** Only severities that have findings (not accepted), most severe first. */
  severities: DiffReportSeverity[];
  accepted: { count: number; findings: DiffReportFinding[] } | null;
  /** "13 people on 4 applications", or null when nothing changed. */
  accessChangeTotals: string | null;
  /** Grouped by app, direction and cause; one row per person with `--details`. */
  accessChanges: DiffReportAccessChange[];
  attribution: DiffReportAttribution;
  /** Rows left out to fit a comment (see renderDiffMarkdown); 0 when everything is shown. */
  omitted: number;
}

/** Who changed what, from authentik's event log: one row per change that explains a finding. */
export interface DiffReportAttribution {
  /** "the last 30d", or null when the log was not read. */
  window: string | null;
  /** Why findings are not (fully) attributed, or null. */
  notice: string | null;
  rows: DiffReportAttributionRow[];
}

export interface DiffReportAttributionRow {
  /** The finding's kind (a code span) and subject. */
  finding: string;
  /** "deleted by matt at 2026-11-30 14:02 UTC from 10.0.0.7". */
  change: string;
}

export interface DiffReportSummary {
  critical: number;
  warning: number;
  info: number;
  accepted: number;
  accessChanges: number;
}

export interface DiffReportSeverity {
  /** "Critical", "Warning", "Info". */
  title: string;
  count: number;
  findings: DiffReportFinding[];
}

export interface DiffReportFinding {
  /** The finding's id, a code span. */
  id: string;
  message: string;
  /** The acceptance (or its expiry), or null. */
  note: string | null;
}

export interface DiffReportAccessChange {
  /** "Jellyfin (jellyfin)". */
  application: string;
  /** "+52", "-3", "~5"; or "allow → deny" with `--details`. */
  change: string;
  /** "via group:family → media-users", "was via group:media-users". */
  cause: string;
  /** "riley, sam, taylor, uma, val and 47 more"; one username with `--details`. */
  people: string;
}
