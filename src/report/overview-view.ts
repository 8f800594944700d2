/**
 * The overview page's view model: exactly what its template prints, every field present (null or []
 * when empty), as plain text, which Handlebars escapes for HTML.
 */

import type { Severity } from "../diff/index.js";

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
