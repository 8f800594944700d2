import { countByAccountType, isBindingInForce, isServiceAccount } from "../access/index.js";
import type { AuditResult } from "../audit/index.js";
import type { FindingKind, Severity } from "../diff/index.js";

/** Every finding kind with the severities it can have (PRODUCT.md section 5), so each series always exists. */
export const FINDING_SEVERITIES: Readonly<Record<FindingKind, readonly Severity[]>> = {
  "application-missing": ["warning"],
  "application-undocumented": ["warning", "critical"],
  "application-open": ["critical"],
  "application-now-restricted": ["warning"],
  "application-engine-mode": ["warning"],
  "binding-missing": ["warning"],
  "binding-unexpected": ["warning"],
  "binding-disabled": ["warning"],
  "binding-negated": ["critical"],
  "binding-changed": ["warning"],
  "binding-pk-changed": ["info"],
  "binding-non-group": ["warning"],
  "group-missing": ["critical", "warning"],
  "group-undocumented": ["info"],
  "group-pk-changed": ["warning"],
  "group-renamed": ["warning"],
  "group-parents-changed": ["warning"],
  "group-superuser-changed": ["critical", "warning"],
  "member-added": ["warning", "critical"],
  "member-removed": ["warning"],
  "member-unknown": ["warning"],
  "superuser-not-exempt": ["info"],
  "upgrade-changes-access": ["warning"],
  "acceptance-stale": ["info"],
};

export type SeverityCounts = Record<Severity, number>;

export interface ApplicationMetrics {
  slug: string;
  name: string;
  policyEngineMode: string;
  documented: "bound" | "unbound" | "undocumented";
  bindings: number;
  open: boolean;
  /** Active people (internal and external users) who may sign in. */
  users: number;
  /** Active service accounts that may sign in. */
  serviceAccounts: number;
  findings: SeverityCounts;
  accessGained: number;
  accessLost: number;
  /** Changes to or from a verdict that hangs on a policy. */
  accessIndeterminate: number;
}

export interface MetricsView {
  /** Findings that count, by kind and severity: accepted ones are in `accepted`. */
  findings: { kind: FindingKind; severity: Severity; count: number }[];
  /** Findings accepted on purpose, by kind. */
  accepted: { kind: FindingKind; count: number }[];
  applications: ApplicationMetrics[];
  groups: { name: string; pk: string; isSuperuser: boolean; members: number }[];
  groupFindings: { name: string; findings: SeverityCounts }[];
}

/** The numbers every gauge needs, from one audit result and its live evaluator. Pure. */
export function toMetricsView(result: AuditResult): MetricsView {
  const { snapshot, baseline, diff, live } = result;
  const counts = new Map<string, number>();
  const acceptedCounts = new Map<string, number>();
  for (const finding of diff.findings) {
    if (finding.accepted) {
      acceptedCounts.set(finding.kind, (acceptedCounts.get(finding.kind) ?? 0) + 1);
      continue;
    }
    const key = `${finding.kind}\u0000${finding.severity}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const findings = Object.entries(FINDING_SEVERITIES).flatMap(([kind, severities]) =>
    severities.map((severity) => ({ kind: kind as FindingKind, severity, count: counts.get(`${kind}\u0000${severity}`) ?? 0 })),
  );

  const bound = new Set(baseline.bindings.map((row) => row.slug));
  const unbound = new Set(baseline.unbound.map((row) => row.slug));
  const serviceAccounts = new Set(snapshot.users.filter((user) => isServiceAccount(user)).map((user) => user.pk));
  const activePeople = countByAccountType(live.activeUsers, serviceAccounts).people;
  const countingBindings = new Map<string, number>();
  for (const binding of snapshot.bindings) {
    if (isBindingInForce(binding, snapshot.takenAt)) countingBindings.set(binding.target, (countingBindings.get(binding.target) ?? 0) + 1);
  }
  const appFindings = new Map<string, SeverityCounts>();
  const groupFindings = new Map<string, SeverityCounts>();
  for (const finding of diff.findings) {
    if (finding.accepted) continue;
    const subject = finding.subject;
    if (subject.type === "application" || subject.type === "binding") bump(appFindings, subject.slug, finding.severity);
    if (subject.type === "group") bump(groupFindings, subject.name, finding.severity);
    if (subject.type === "user" && subject.group) bump(groupFindings, subject.group, finding.severity);
  }
  const byDirection = { gained: new Map<string, number>(), lost: new Map<string, number>(), indeterminate: new Map<string, number>() };
  for (const change of diff.accessChanges) {
    if (change.accepted) continue;
    const into = byDirection[change.direction];
    into.set(change.slug, (into.get(change.slug) ?? 0) + 1);
  }

  const applications = snapshot.applications.map((app): ApplicationMetrics => {
    const sets = live.application(app.pk);
    const allowed = countByAccountType(sets.allow, serviceAccounts);
    return {
      slug: app.slug,
      name: app.name,
      policyEngineMode: app.policyEngineMode,
      documented: bound.has(app.slug) ? "bound" : unbound.has(app.slug) ? "unbound" : "undocumented",
      bindings: countingBindings.get(app.pk) ?? 0,
      open: sets.everyone === "allow" || (activePeople > 0 && allowed.people === activePeople),
      users: allowed.people,
      serviceAccounts: allowed.serviceAccounts,
      findings: appFindings.get(app.slug) ?? zero(),
      accessGained: byDirection.gained.get(app.slug) ?? 0,
      accessLost: byDirection.lost.get(app.slug) ?? 0,
      accessIndeterminate: byDirection.indeterminate.get(app.slug) ?? 0,
    };
  });

  const groups = snapshot.groups.map((group) => ({
    name: group.name,
    pk: group.pk,
    isSuperuser: group.isSuperuser,
    members: group.members.length,
  }));
  const groupNames = [...new Set([...groups.map((group) => group.name), ...groupFindings.keys()])].sort();
  return {
    findings,
    accepted: (Object.keys(FINDING_SEVERITIES) as FindingKind[]).map((kind) => ({ kind, count: acceptedCounts.get(kind) ?? 0 })),
    applications,
    groups,
    groupFindings: groupNames.map((name) => ({ name, findings: groupFindings.get(name) ?? zero() })),
  };
}

function zero(): SeverityCounts {
  return { critical: 0, warning: 0, info: 0 };
}

function bump(map: Map<string, SeverityCounts>, key: string, severity: Severity): void {
  const counts = map.get(key) ?? zero();
  counts[severity]++;
  map.set(key, counts);
}
