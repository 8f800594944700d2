import { Gauge, Registry } from "prom-client";
import type { AuditResult } from "../audit/index.js";
import type { Severity } from "../diff/index.js";
import { toMetricsView } from "./to-metrics-view.js";
import type { ApplicationMetrics, MetricsView } from "./to-metrics-view.js";

const CACHED = "Cached from the last successful audit: a scrape never calls authentik.";
const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

/**
 * The gauges that describe one audit result, in Prometheus text: rendered once per published result
 * (the caller memoises it) in a registry of their own, so a scrape of a 50,000-user tenant costs a
 * concatenation, not thousands of labelled series. `null` (no good audit yet) gives the same families
 * empty, with 0 for the unlabelled ones. Label values are slugs, group names and pks, never a username.
 */
export function renderAuditMetrics(result: AuditResult | null): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const view: MetricsView | null = result ? toMetricsView(result) : null;
  const gauge = (name: string, help: string, labelNames: readonly string[] = []) =>
    new Gauge({ name, help: `${help} ${CACHED}`, labelNames, registers });

  gauge("ak_access_audit_duration_seconds", "Duration of the last successful audit.").set((result?.durationMs ?? 0) / 1000);
  gauge("ak_access_snapshot_complete", "1 if the token could see everything (superuser token, every list complete).").set(
    result?.snapshot.completeness.complete ? 1 : 0,
  );
  const objects = gauge("ak_access_objects", "Objects in the last snapshot, by kind.", ["kind"]);
  if (result) {
    const { snapshot } = result;
    objects.set({ kind: "users" }, snapshot.users.length);
    objects.set({ kind: "groups" }, snapshot.groups.length);
    objects.set({ kind: "applications" }, snapshot.applications.length);
    objects.set({ kind: "bindings" }, snapshot.bindings.length);
  }
  const findings = gauge("ak_access_findings", "Findings of the last audit by kind and severity; every kind is present, 0 when none.", [
    "kind",
    "severity",
  ]);
  for (const row of view?.findings ?? []) findings.set({ kind: row.kind, severity: row.severity }, row.count);
  const accepted = gauge(
    "ak_access_findings_accepted",
    "Findings accepted on purpose in the runbook's acceptance table, by kind (not counted in ak_access_findings).",
    ["kind"],
  );
  for (const row of view?.accepted ?? []) accepted.set({ kind: row.kind }, row.count);

  const applications = view?.applications ?? [];
  const info = gauge(
    "ak_access_application_info",
    "1 per application, with its name, policy engine mode and how the runbook documents it.",
    ["slug", "name", "policy_engine_mode", "documented"],
  );
  for (const app of applications) {
    info.set({ slug: app.slug, name: app.name, policy_engine_mode: app.policyEngineMode, documented: app.documented }, 1);
  }
  const perApplication = (name: string, help: string, value: (app: ApplicationMetrics) => number): void => {
    const metric = gauge(name, help, ["slug"]);
    for (const app of applications) metric.set({ slug: app.slug }, value(app));
  };
  perApplication("ak_access_application_bindings", "Enabled (and unexpired) policy bindings per application.", (app) => app.bindings);
  perApplication("ak_access_application_open", "1 if every active user may sign in to the application.", (app) => (app.open ? 1 : 0));
  perApplication(
    "ak_access_application_users",
    "Active people (internal and external users, not service accounts) who may sign in to the application.",
    (app) => app.users,
  );
  perApplication(
    "ak_access_application_service_accounts",
    "Active service accounts (service_account, internal_service_account) that may sign in to the application.",
    (app) => app.serviceAccounts,
  );
  const appFindings = gauge("ak_access_application_findings", "Findings about an application or its bindings, by severity.", [
    "slug",
    "severity",
  ]);
  for (const app of applications) {
    for (const severity of SEVERITIES) appFindings.set({ slug: app.slug, severity }, app.findings[severity]);
  }
  const changes = gauge(
    "ak_access_access_changes",
    "Users whose access differs from what the runbook implies, per application: gained, lost, or to or from indeterminate (a policy decides); accepted ones left out.",
    ["slug", "direction"],
  );
  for (const app of applications) {
    changes.set({ slug: app.slug, direction: "gained" }, app.accessGained);
    changes.set({ slug: app.slug, direction: "lost" }, app.accessLost);
    changes.set({ slug: app.slug, direction: "indeterminate" }, app.accessIndeterminate);
  }

  const groupInfo = gauge("ak_access_group_info", "1 per group, with its pk and superuser flag.", ["group", "pk", "superuser"]);
  const members = gauge("ak_access_group_members", "Direct members per group.", ["group"]);
  for (const group of view?.groups ?? []) {
    groupInfo.set({ group: group.name, pk: group.pk, superuser: String(group.isSuperuser) }, 1);
    members.set({ group: group.name }, group.members);
  }
  const groupFindings = gauge("ak_access_group_findings", "Findings about a group or its members, by severity.", ["group", "severity"]);
  for (const group of view?.groupFindings ?? []) {
    for (const severity of SEVERITIES) groupFindings.set({ group: group.name, severity }, group.findings[severity]);
  }
  return registry.metrics();
}
