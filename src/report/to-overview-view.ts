import { createAccessEvaluator } from "../access/index.js";
import type { AuditResult, AuditStatus } from "../audit/index.js";
import { SEVERITIES } from "../diff/index.js";
import type { Finding, Severity } from "../diff/index.js";
import { MATRIX_MARKS, buildAccessMatrix, describeAllowedUsers } from "./build-access-matrix.js";
import { collectNotices } from "./collect-notices.js";
import { compareNames } from "./compare-names.js";
import { describeCause, describeChangeTotals, formatChangeCount, summariseNames } from "./describe-access-changes.js";
import { describeFindingEvent } from "./describe-finding-event.js";
import { describeSubject } from "./describe-subject.js";
import { formatAge } from "./format-age.js";
import { buildTableRecords } from "./table-records.js";
import { SEVERITY_TITLES } from "./severity-titles.js";
import type { OverviewFinding, OverviewFindingGroup, OverviewView } from "./types.js";

const REFRESH_SECONDS = 60;

/** The service's HTML page (`GET /`): the status of the audit loop and the last good result. Pure: `now` is passed in. */
export function toOverviewView(result: AuditResult, status: AuditStatus, now: Date): OverviewView {
  const { snapshot, diff } = result;
  const evaluator = createAccessEvaluator(snapshot, { authentikVersion: snapshot.source.authentikVersion });
  const records = buildTableRecords(snapshot, result.baseline);
  const notices = collectNotices(snapshot, evaluator, records.leftOver);
  const groupsByPk = new Map(snapshot.groups.map((group) => [group.pk.toLowerCase(), group]));
  const matrix = buildAccessMatrix(
    snapshot,
    evaluator,
    records.groups.flatMap((record) => groupsByPk.get(record.pk) ?? []),
  );
  const appNames = applicationNames(result);

  const byApplication = new Map<string, Finding[]>();
  const byGroup = new Map<string, Finding[]>();
  const other: Finding[] = [];
  for (const finding of diff.findings) {
    if (finding.accepted) continue;
    const { subject } = finding;
    if (subject.type === "application" || subject.type === "binding") append(byApplication, subject.slug, finding);
    if (subject.type === "group") append(byGroup, subject.name, finding);
    else if (subject.type === "binding") append(byGroup, subject.group, finding);
    else if (subject.type === "user") {
      if (subject.group === undefined) other.push(finding);
      else append(byGroup, subject.group, finding);
    } else if (subject.type === "acceptance") other.push(finding);
  }

  return {
    refreshSeconds: REFRESH_SECONDS,
    generatedAt: now.toISOString(),
    source: { url: snapshot.source.url, authentikVersion: snapshot.source.authentikVersion ?? "unknown" },
    status: {
      state: status.up ? "ok" : "failing",
      label: status.up ? "OK" : "FAILING",
      running: status.running,
      lastSuccessAt: status.lastSuccessAt,
      lastSuccessAge: status.lastSuccessAt === null ? null : formatAge(status.lastSuccessAt, now),
      lastAttemptAt: status.lastAttemptAt,
      lastError: status.lastError,
      baselineValid: status.baselineValid,
      baselineError: status.baselineError,
      baselineFile: result.baseline.file,
      auditedAt: result.finishedAt,
      auditAge: formatAge(result.finishedAt, now),
      durationMs: result.durationMs,
      snapshotIncomplete: !snapshot.completeness.complete,
      completenessProblems: [...snapshot.completeness.problems],
      audits: { ...status.audits },
      attributionNotice: result.eventLog?.notice ?? null,
    },
    inSync: diff.inSync,
    counts: SEVERITIES.map((severity) => ({ severity, label: SEVERITY_TITLES[severity], count: diff.summary[severity] })),
    accessChangeCount: diff.accessChanges.filter((change) => !change.accepted).length,
    findingsByApplication: toFindingGroups(byApplication, (slug) => appNames.get(slug) ?? slug, true),
    findingsByGroup: toFindingGroups(byGroup, (name) => name, false),
    otherFindings: other.map(toOverviewFinding),
    hasFindings: diff.findings.some((finding) => !finding.accepted),
    acceptedFindings: diff.findings.filter((finding) => finding.accepted).map(toOverviewFinding),
    accessChangeTotals: describeChangeTotals(diff.accessChangeGroups.filter((group) => !group.accepted)),
    accessChanges: diff.accessChangeGroups.map((group) => ({
      application: appNames.get(group.slug) ?? group.slug,
      slug: group.slug,
      direction: group.direction,
      count: group.count,
      change: formatChangeCount(group),
      cause: describeCause(group),
      people: `${group.serviceAccounts ? "service accounts: " : ""}${summariseNames(group.usernames)}${group.accepted ? " (accepted)" : ""}`,
    })),
    openApplications: notices.openApplications.map(({ application, activeUsers, activeServiceAccounts }) => ({
      name: application.name,
      slug: application.slug,
      activeUsers,
      activeServiceAccounts,
    })),
    defaultAccessClosed: notices.defaultAccessClosed,
    matrix: {
      groups: matrix.groups.map((group) => ({ name: group.name })),
      rows: matrix.rows.map((row) => ({
        name: row.application.name,
        slug: row.application.slug,
        cells: row.cells.map((state) => ({ state, mark: MATRIX_MARKS[state] })),
        users: describeAllowedUsers(row),
        state: row.everyone === "allow" ? "open" : row.everyone === "deny" ? "closed" : "bound",
      })),
    },
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

/** Worst first, then by name; findings inside a group keep the diff's order (most severe first). */
function toFindingGroups(
  map: ReadonlyMap<string, Finding[]>,
  title: (key: string) => string,
  isApplication: boolean,
): OverviewFindingGroup[] {
  const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);
  return [...map.entries()]
    .map(([key, findings]) => ({
      title: title(key),
      slug: isApplication ? key : null,
      severity: findings.map((finding) => finding.severity).sort((a, b) => rank(a) - rank(b))[0] ?? "info",
      findings: findings.map(toOverviewFinding),
    }))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || compareNames(a.title, b.title) || compareNames(a.slug ?? "", b.slug ?? ""));
}

function toOverviewFinding(finding: Finding): OverviewFinding {
  const note = finding.accepted
    ? `accepted${finding.accepted.until === null ? "" : ` until ${finding.accepted.until}`}: ${finding.accepted.reason}`
    : finding.acceptanceExpired
      ? `acceptance expired on ${finding.acceptanceExpired.until ?? "?"}: ${finding.acceptanceExpired.reason}`
      : null;
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
