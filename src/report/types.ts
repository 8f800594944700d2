/**
 * View models: exactly what each template prints, every field present (null or [] when empty), so the
 * templates need nothing beyond `each` and `if`. Markdown views carry text already escaped for Markdown
 * (see escape-markdown.ts); the HTML view carries plain text, which Handlebars escapes for HTML.
 */

import type { Severity } from "../diff/index.js";

// ---------------------------------------------------------------- quick reference (Markdown-ready)

export interface QuickReferenceView {
  tables: Record<"groups" | "bindings" | "unbound", MarkdownTableView>;
  /** The optional access-matrix section, or null when not asked for. */
  matrix: MarkdownAccessMatrix | null;
  /** The optional notices section, or null when not asked for. */
  notices: QuickReferenceNotices | null;
}

/** A table: header cells, their delimiter cells and rows of cells, all escaped; or, with `text`, a table printed as it is. */
export interface MarkdownTableView {
  text: string | null;
  header: string[];
  rules: string[];
  rows: string[][];
}

export interface MarkdownAccessMatrix {
  /** One column per live group, in the groups table's order. */
  groups: MarkdownMatrixColumn[];
  rows: MarkdownMatrixRow[];
  /** A Mermaid `flowchart LR` of group → app bindings, or null when there is nothing to draw. */
  graph: MermaidGraph | null;
}

export interface MarkdownMatrixColumn {
  header: string;
}

export interface MarkdownMatrixRow {
  application: string;
  slug: string;
  /** One mark per group column: "✓", "✗ negated" or "". */
  cells: MarkdownMatrixCell[];
  /** "2", "3 (everyone)", "0 (nobody: default deny)", "1 + 2 indeterminate". */
  users: string;
}

export interface MarkdownMatrixCell {
  mark: string;
}

export interface MermaidGraph {
  groups: MermaidNode[];
  applications: MermaidNode[];
  edges: MermaidEdge[];
  /** Apps every active user may sign in to; drawn from one "every authenticated user" node. */
  open: MermaidNode[];
}

export interface MermaidNode {
  /** A safe identifier: `g1`, `a1`, ... */
  id: string;
  /** Escaped for a quoted Mermaid label. */
  label: string;
}

export interface MermaidEdge {
  from: string;
  to: string;
}

export interface QuickReferenceNotices {
  /** True when every list below is empty and nothing else is worth saying. */
  none: boolean;
  /** Set when a diff was given and it is not in sync: these tables would replace the documented intent. */
  drift: DriftNotice | null;
  /** The tenant's default app access is off: the unbound apps are closed to everyone, not open. */
  defaultAccessClosed: boolean;
  deniedSuperusers: DeniedSuperuserNotice[];
  openApplications: OpenApplicationNotice[];
  /** Bindings no table row can name: a group or user the snapshot does not contain. */
  unnamed: InexpressibleNotice[];
}

export interface DriftNotice {
  critical: number;
  warning: number;
  accessChanges: number;
}

export interface DeniedSuperuserNotice {
  username: string;
  /** The denied apps' names, comma-separated. */
  applications: string;
}

export interface OpenApplicationNotice {
  application: string;
  slug: string;
  /** Active people (service accounts apart). */
  activeUsers: number;
  activeServiceAccounts: number;
}

export interface InexpressibleNotice {
  application: string;
  slug: string;
  /** e.g. "group:… (a group the snapshot does not contain)". */
  bindings: string;
}

// ---------------------------------------------------------------- diff report (Markdown-ready)

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

// ---------------------------------------------------------------- overview page (plain text, HTML-escaped by Handlebars)

export interface OverviewView {
  source: OverviewSource;
  status: OverviewStatus;
  inSync: boolean;
  /** Users, groups, applications and bindings in the snapshot: "50,000 users (49,800 active)". */
  totals: string;
  counts: OverviewCount[];
  accessChangeCount: number;
  /** Findings that count, by kind and severity, most severe first. */
  findingKinds: OverviewFindingKind[];
  /** The worst groups only, each with its worst findings; `more` counts what is left out. */
  findingsByApplication: OverviewFindingGroups;
  findingsByGroup: OverviewFindingGroups;
  /** Findings about a user outside any group (superuser-not-exempt), or a stale acceptance. */
  otherFindings: OverviewFindingList;
  hasFindings: boolean;
  /** Accepted on purpose: listed apart, counted for nothing. */
  acceptedFindings: OverviewFindingList;
  /** "13 people on 4 applications". */
  accessChangeTotals: string;
  /** Grouped by app, direction and cause; the first rows only, `more` counts the rest. */
  accessChanges: { rows: OverviewAccessChange[]; more: number };
  openApplications: { rows: OverviewOpenApplication[]; more: number };
  /** True when the tenant's default app access is off, so apps without bindings are closed instead. */
  defaultAccessClosed: boolean;
  /** One compact row per application, sorted by name: who is bound, how many may sign in, its drift. */
  applications: OverviewApplication[];
  /** One row per group, sorted by name: how many members, how many apps it is bound to, its findings. */
  groups: OverviewGroup[];
}

export interface OverviewSource {
  url: string;
  authentikVersion: string;
}

export interface OverviewStatus {
  state: "ok" | "failing";
  /** "OK" or "FAILING". */
  label: string;
  running: boolean;
  /** ISO times for `<time datetime>`, each with its absolute reading: "2026-12-01 16:40:12 UTC". */
  lastSuccessAt: string | null;
  lastSuccessTime: string | null;
  lastAttemptAt: string | null;
  lastAttemptTime: string | null;
  lastError: string | null;
  baselineValid: boolean;
  baselineError: string | null;
  baselineFile: string;
  /** When the shown result's audit finished. */
  auditedAt: string;
  auditedTime: string;
  durationMs: number;
  snapshotIncomplete: boolean;
  completenessProblems: string[];
  audits: { success: number; failure: number };
  /** Why findings do not say who changed what (the event log could not be read), or null. */
  attributionNotice: string | null;
}

export interface OverviewCount {
  severity: Severity;
  label: string;
  count: number;
}

export interface OverviewFindingKind {
  kind: string;
  severity: Severity;
  severityLabel: string;
  count: number;
}

export interface OverviewFindingGroups {
  groups: OverviewFindingGroup[];
  /** Groups with findings left off the page (all of them are in /diff.md). */
  more: number;
}

export interface OverviewFindingGroup {
  /** Display name of the app or group. */
  title: string;
  /** The app's slug, or null for groups. */
  slug: string | null;
  /** The most severe finding in the group. */
  severity: Severity;
  /** All of the group's findings. */
  count: number;
  /** The first few, most severe first. */
  findings: OverviewFinding[];
  /** `count` minus those shown. */
  more: number;
}

export interface OverviewFindingList {
  findings: OverviewFinding[];
  count: number;
  more: number;
}

export interface OverviewFinding {
  severity: Severity;
  severityLabel: string;
  id: string;
  kind: string;
  subject: string;
  message: string;
  /** The changes from authentik's event log that explain it: "deleted by matt at 2026-11-30 14:02 UTC from 10.0.0.7". */
  events: string[];
  /** The acceptance, or its expiry, or null. */
  note: string | null;
}

export interface OverviewAccessChange {
  application: string;
  slug: string;
  /** "gained", "lost" or "indeterminate" (to or from a verdict that hangs on a policy). */
  direction: "gained" | "lost" | "indeterminate";
  count: number;
  /** "+52", "-3", "~5". */
  change: string;
  /** "via group:family → media-users". */
  cause: string;
  /** Up to five usernames and "and N more". */
  people: string;
}

export interface OverviewOpenApplication {
  name: string;
  slug: string;
  activeUsers: number;
  activeServiceAccounts: number;
}

export interface OverviewApplication {
  name: string;
  slug: string;
  /** `access.json?app=SLUG`: everyone's verdict on it, by name (URL-encoded; Handlebars escapes it for HTML). */
  accessHref: string;
  /** "open" when every active user may sign in, "closed" when nobody can, else "bound". */
  state: "open" | "closed" | "bound";
  /** The bindings in force: "group:media-users, negated group:proxmox_users", at most five and "and N more"; "—" for none. */
  bound: string;
  /** "2: jodie, riley", "1,234", "everyone (5)", "nobody (default deny)". */
  allowed: string;
  indeterminate: number;
  serviceAccounts: number;
  /** "1 critical, 1 warning, +5", or "—". */
  drift: string;
  /** The worst finding's severity, "changes" for access changes alone, or "none". */
  driftLevel: Severity | "changes" | "none";
}

export interface OverviewGroup {
  name: string;
  superuser: boolean;
  /** Direct members: "3: casey, jodie, riley", or "1,234" when there are many. */
  members: string;
  /** Applications with a binding in force to the group. */
  applications: number;
  /** Findings about the group or its members, and the worst one's severity. */
  findings: number;
  findingsLevel: Severity | "none";
}
