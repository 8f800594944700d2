import { countByAccountType, isServiceAccount } from "../access/index.js";
import type { AuditResult, AuditStatus } from "../audit/index.js";
import { SEVERITIES } from "../diff/index.js";
import type { Finding, FindingKind, Severity } from "../diff/index.js";
import { compareNames } from "./compare-names.js";
import { describeAcceptance } from "./describe-acceptance.js";
import { describeCause, describeChangeTotals, formatChangeCount, summariseNames } from "./describe-access-changes.js";
import { describeFindingEvent } from "./describe-finding-event.js";
import { describeSubject } from "./describe-subject.js";
import { formatCount } from "./format-count.js";
import { formatUtcTime } from "./format-utc-time.js";
import { SEVERITY_TITLES } from "./severity-titles.js";
import { toOverviewApplications } from "./to-overview-applications.js";
import { toOverviewGroups } from "./to-overview-groups.js";
import type { OverviewFinding, OverviewFindingGroup, OverviewFindingGroups, OverviewFindingList, OverviewView } from "./overview-view.js";

/** The part of the audit loop's status the page shows: it is rendered again only when this (or the result) changes. */
export type OverviewAuditStatus = Pick<
  AuditStatus,
  "up" | "running" | "lastSuccessAt" | "lastAttemptAt" | "lastError" | "baselineValid" | "baselineError" | "audits"
>;

/**
 * How much of each list the page shows. The page is a summary that stays well under a megabyte for
 * 50,000 users: every application and group gets one compact row, the lists that grow with the drift
 * are cut here, and the rest is one link away (`/diff.md`, `/diff`, `access.json?app=SLUG`).
 */
export const OVERVIEW_LIMITS = {
  /** Applications, and groups, whose findings are listed. */
  findingGroups: 25,
  /** Findings listed per application or group. */
  findingsPerGroup: 5,
  /** Findings about users, and accepted findings, listed. */
  otherFindings: 10,
  accessChanges: 50,
  openApplications: 25,
} as const;

export function pickOverviewStatus(status: AuditStatus): OverviewAuditStatus {
  const { up, running, lastSuccessAt, lastAttemptAt, lastError, baselineValid, baselineError, audits } = status;
  return { up, running, lastSuccessAt, lastAttemptAt, lastError, baselineValid, baselineError, audits: { ...audits } };
}

/**
 * The service's HTML page (`GET /`): the status of the audit loop and a summary of the last good
 * result. Pure, and free of the clock: every time on it is absolute, so one rendering serves every
 * request until the result or the shown status changes. Access comes from the result's live evaluator.
 */
export function toOverviewView(result: AuditResult, status: OverviewAuditStatus): OverviewView {
  const { snapshot, diff } = result;
  const appNames = applicationNames(result);
  const counting = diff.findings.filter((finding) => !finding.accepted);
  const accepted = diff.findings.filter((finding) => finding.accepted);

  const byApplication = new Map<string, Finding[]>();
  const byGroup = new Map<string, Finding[]>();
  const other: Finding[] = [];
  for (const finding of counting) {
    const { subject } = finding;
    if (subject.type === "application" || subject.type === "binding") append(byApplication, subject.slug, finding);
    if (subject.type === "group") append(byGroup, subject.name, finding);
    else if (subject.type === "binding") append(byGroup, subject.group, finding);
    else if (subject.type === "user") {
      if (subject.group === undefined) other.push(finding);
      else append(byGroup, subject.group, finding);
    } else if (subject.type === "acceptance") other.push(finding);
  }
  const changeGroups = diff.accessChangeGroups;
  const serviceAccounts = new Set(snapshot.users.filter((user) => isServiceAccount(user)).map((user) => user.pk));
  const applications = toOverviewApplications(result, serviceAccounts, byApplication);
  const open = applications.filter((application) => application.state === "open");
  const active = countByAccountType(result.live.activeUsers, serviceAccounts);

  return {
    source: { url: snapshot.source.url, authentikVersion: snapshot.source.authentikVersion ?? "unknown" },
    status: {
      state: status.up ? "ok" : "failing",
      label: status.up ? "OK" : "FAILING",
      running: status.running,
      lastSuccessAt: status.lastSuccessAt,
      lastSuccessTime: status.lastSuccessAt === null ? null : formatUtcTime(status.lastSuccessAt),
      lastAttemptAt: status.lastAttemptAt,
      lastAttemptTime: status.lastAttemptAt === null ? null : formatUtcTime(status.lastAttemptAt),
      lastError: status.lastError,
      baselineValid: status.baselineValid,
      baselineError: status.baselineError,
      baselineFile: result.baseline.file,
      auditedAt: result.finishedAt,
      auditedTime: formatUtcTime(result.finishedAt),
      durationMs: result.durationMs,
      snapshotIncomplete: !snapshot.completeness.complete,
      completenessProblems: [...snapshot.completeness.problems],
      audits: { ...status.audits },
      attributionNotice: result.eventLog?.notice ?? null,
    },
    inSync: diff.inSync,
    totals: [
      `${formatCount(snapshot.users.length)} users (${formatCount(result.live.activeUsers.size)} active)`,
      `${formatCount(snapshot.groups.length)} groups`,
      `${formatCount(snapshot.applications.length)} applications`,
      `${formatCount(snapshot.bindings.length)} bindings`,
    ].join(", "),
    counts: SEVERITIES.map((severity) => ({ severity, label: SEVERITY_TITLES[severity], count: diff.summary[severity] })),
    accessChangeCount: diff.accessChanges.filter((change) => !change.accepted).length,
    findingKinds: countKinds(counting),
    findingsByApplication: toFindingGroups(byApplication, (slug) => appNames.get(slug) ?? slug, true),
    findingsByGroup: toFindingGroups(byGroup, (name) => name, false),
    otherFindings: toFindingList(other),
    hasFindings: counting.length > 0,
    acceptedFindings: toFindingList(accepted),
    accessChangeTotals: describeChangeTotals(changeGroups.filter((group) => !group.accepted)),
    accessChanges: {
      rows: changeGroups.slice(0, OVERVIEW_LIMITS.accessChanges).map((group) => ({
        application: appNames.get(group.slug) ?? group.slug,
        slug: group.slug,
        direction: group.direction,
        count: group.count,
        change: formatChangeCount(group),
        cause: describeCause(group),
        people: `${group.serviceAccounts ? "service accounts: " : ""}${summariseNames(group.usernames)}${group.accepted ? " (accepted)" : ""}`,
      })),
      more: Math.max(0, changeGroups.length - OVERVIEW_LIMITS.accessChanges),
    },
    openApplications: {
      rows: open.slice(0, OVERVIEW_LIMITS.openApplications).map((application) => ({
        name: application.name,
        slug: application.slug,
        activeUsers: active.people,
        activeServiceAccounts: active.serviceAccounts,
      })),
      more: Math.max(0, open.length - OVERVIEW_LIMITS.openApplications),
    },
    defaultAccessClosed: snapshot.settings.defaultAppAccessKnown && !snapshot.settings.defaultAppAccess,
    applications,
    groups: toOverviewGroups(result, byGroup),
  };
}

/** Live names first; an app that is gone from authentik is still named as the runbook names it. */
function applicationNames(result: AuditResult): Map<string, string> {
  const names = new Map<string, string>();
  for (const row of [...result.baseline.bindings, ...result.baseline.unbound]) names.set(row.slug, row.application);
  for (const app of result.snapshot.applications) names.set(app.slug, app.name);
  return names;
}

function append(map: Map<string, Finding[]>, key: string, finding: Finding): void {
  const list = map.get(key);
  if (list) list.push(finding);
  else map.set(key, [finding]);
}

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** Most severe first, then the most numerous. */
function countKinds(findings: readonly Finding[]): OverviewView["findingKinds"] {
  const counts = new Map<string, { kind: FindingKind; severity: Severity; count: number }>();
  for (const { kind, severity } of findings) {
    const key = `${kind} ${severity}`;
    const entry = counts.get(key) ?? { kind, severity, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()]
    .sort((a, b) => rank(a.severity) - rank(b.severity) || b.count - a.count || compareNames(a.kind, b.kind))
    .map((entry) => ({ ...entry, severityLabel: SEVERITY_TITLES[entry.severity] }));
}

/** Worst first, then by name; findings inside a group keep the diff's order (most severe first). */
function toFindingGroups(
  map: ReadonlyMap<string, Finding[]>,
  title: (key: string) => string,
  isApplication: boolean,
): OverviewFindingGroups {
  const all = [...map.entries()]
    .map(([key, findings]) => ({
      key,
      title: title(key),
      findings,
      severity: findings.map((finding) => finding.severity).sort((a, b) => rank(a) - rank(b))[0] ?? "info",
    }))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || compareNames(a.title, b.title) || compareNames(a.key, b.key));
  const groups = all.slice(0, OVERVIEW_LIMITS.findingGroups).map(
    ({ key, title, findings, severity }): OverviewFindingGroup => ({
      title,
      slug: isApplication ? key : null,
      severity,
      count: findings.length,
      findings: findings.slice(0, OVERVIEW_LIMITS.findingsPerGroup).map(toOverviewFinding),
      more: Math.max(0, findings.length - OVERVIEW_LIMITS.findingsPerGroup),
    }),
  );
  return { groups, more: all.length - groups.length };
}

function toFindingList(findings: readonly Finding[]): OverviewFindingList {
  const shown = findings.slice(0, OVERVIEW_LIMITS.otherFindings).map(toOverviewFinding);
  return { findings: shown, count: findings.length, more: findings.length - shown.length };
}

function toOverviewFinding(finding: Finding): OverviewFinding {
  const note = describeAcceptance(finding);
  return {
    severity: finding.severity,
    severityLabel: SEVERITY_TITLES[finding.severity],
    id: finding.id,
    kind: finding.kind,
    subject: describeSubject(finding.subject),
    message: finding.message,
    events: (finding.events ?? []).map(describeFindingEvent),
    note,
  };
}
