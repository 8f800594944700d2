import { Counter, Gauge, Histogram, collectDefaultMetrics } from "prom-client";
import type { Registry } from "prom-client";
import { memoizePerResult } from "../audit/index.js";
import type { AuditStore } from "../audit/index.js";
import type { Severity } from "../diff/index.js";
import { toMetricsView } from "./to-metrics-view.js";
import type { ApplicationMetrics, MetricsView } from "./to-metrics-view.js";

const CACHED = "Cached from the last successful audit: a scrape never calls authentik.";
const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export interface Metrics {
  /** Counts one request to authentik (the client's `onRequest` hook). */
  recordApiRequest(record: { endpoint: string; code: string }): void;
}

/**
 * Every metric of PRODUCT.md section 8, in the service's own registry. Gauges are refilled at scrape
 * time from the store's last good audit and reset first, so deleted apps and groups disappear.
 * Label values are slugs, group names and pks, never a username.
 */
export function createMetrics(registry: Registry, store: AuditStore): Metrics {
  const registers = [registry];
  // One view per published result, shared by every gauge of a scrape (and of later scrapes).
  const viewOf = memoizePerResult(toMetricsView);
  const view = (): MetricsView | null => {
    const latest = store.latest();
    return latest ? viewOf(latest) : null;
  };

  collectDefaultMetrics({ register: registry, prefix: "ak_access_" });
  // These three gauges are the sums of their per-type siblings, and a gauge named *_total fails
  // `promtool check metrics`; sum(ak_access_nodejs_active_handles) gives the same number.
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) {
    registry.removeSingleMetric(`ak_access_${name}`);
  }

  new Gauge({
    name: "ak_access_up",
    help: "1 if the last audit read authentik in full, also when the runbook then failed to parse; 0 if authentik was unreachable, refused the token or answered unexpectedly (the other ak_access_ values then describe the last good audit).",
    registers,
    collect() {
      this.set(store.status().up ? 1 : 0);
    },
  });
  new Gauge({
    name: "ak_access_last_success_timestamp_seconds",
    help: "Unix time of the last successful audit (0 before the first).",
    registers,
    collect() {
      const at = store.status().lastSuccessAt;
      this.set(at ? Date.parse(at) / 1000 : 0);
    },
  });
  new Gauge({
    name: "ak_access_audit_duration_seconds",
    help: `Duration of the last successful audit. ${CACHED}`,
    registers,
    collect() {
      this.set((store.latest()?.durationMs ?? 0) / 1000);
    },
  });
  new Counter({
    name: "ak_access_audits_total",
    help: "Audits run since the process started, by result.",
    labelNames: ["result"],
    registers,
    collect() {
      const { success, failure } = store.status().audits;
      this.reset();
      this.inc({ result: "success" }, success);
      this.inc({ result: "failure" }, failure);
    },
  });
  const apiRequests = new Counter({
    name: "ak_access_api_requests_total",
    help: "Requests sent to the authentik API, by route template and HTTP status (error: no response).",
    labelNames: ["endpoint", "code"],
    registers,
  });
  new Gauge({
    name: "ak_access_baseline_valid",
    help: "1 if the runbook parsed at the last audit; 0 if it did not (the last good baseline was used, or, with none since start-up, nothing was published).",
    registers,
    collect() {
      this.set(store.status().baselineValid ? 1 : 0);
    },
  });
  new Gauge({
    name: "ak_access_snapshot_complete",
    help: `1 if the token could see everything (superuser token, every list complete). ${CACHED}`,
    registers,
    collect() {
      const latest = store.latest();
      this.set(latest?.snapshot.completeness.complete ? 1 : 0);
    },
  });
  new Gauge({
    name: "ak_access_objects",
    help: `Objects in the last snapshot, by kind. ${CACHED}`,
    labelNames: ["kind"],
    registers,
    collect() {
      this.reset();
      const snapshot = store.latest()?.snapshot;
      if (!snapshot) return;
      this.set({ kind: "users" }, snapshot.users.length);
      this.set({ kind: "groups" }, snapshot.groups.length);
      this.set({ kind: "applications" }, snapshot.applications.length);
      this.set({ kind: "bindings" }, snapshot.bindings.length);
    },
  });
  new Gauge({
    name: "ak_access_findings",
    help: `Findings of the last audit by kind and severity; every kind is present, 0 when none. ${CACHED}`,
    labelNames: ["kind", "severity"],
    registers,
    collect() {
      this.reset();
      for (const row of view()?.findings ?? []) this.set({ kind: row.kind, severity: row.severity }, row.count);
    },
  });
  new Gauge({
    name: "ak_access_findings_accepted",
    help: `Findings accepted on purpose in the runbook's acceptance table, by kind (not counted in ak_access_findings). ${CACHED}`,
    labelNames: ["kind"],
    registers,
    collect() {
      this.reset();
      for (const row of view()?.accepted ?? []) this.set({ kind: row.kind }, row.count);
    },
  });
  new Gauge({
    name: "ak_access_application_info",
    help: `1 per application, with its name, policy engine mode and how the runbook documents it. ${CACHED}`,
    labelNames: ["slug", "name", "policy_engine_mode", "documented"],
    registers,
    collect() {
      this.reset();
      for (const app of view()?.applications ?? []) {
        this.set({ slug: app.slug, name: app.name, policy_engine_mode: app.policyEngineMode, documented: app.documented }, 1);
      }
    },
  });
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
  new Gauge({
    name: "ak_access_application_findings",
    help: `Findings about an application or its bindings, by severity. ${CACHED}`,
    labelNames: ["slug", "severity"],
    registers,
    collect() {
      this.reset();
      for (const app of view()?.applications ?? []) {
        for (const severity of SEVERITIES) this.set({ slug: app.slug, severity }, app.findings[severity]);
      }
    },
  });
  new Gauge({
    name: "ak_access_access_changes",
    help: `Users whose access differs from what the runbook implies, per application: gained, lost, or to or from indeterminate (a policy decides); accepted ones left out. ${CACHED}`,
    labelNames: ["slug", "direction"],
    registers,
    collect() {
      this.reset();
      for (const app of view()?.applications ?? []) {
        this.set({ slug: app.slug, direction: "gained" }, app.accessGained);
        this.set({ slug: app.slug, direction: "lost" }, app.accessLost);
        this.set({ slug: app.slug, direction: "indeterminate" }, app.accessIndeterminate);
      }
    },
  });
  new Gauge({
    name: "ak_access_group_info",
    help: `1 per group, with its pk and superuser flag. ${CACHED}`,
    labelNames: ["group", "pk", "superuser"],
    registers,
    collect() {
      this.reset();
      for (const group of view()?.groups ?? []) {
        this.set({ group: group.name, pk: group.pk, superuser: String(group.isSuperuser) }, 1);
      }
    },
  });
  new Gauge({
    name: "ak_access_group_members",
    help: `Direct members per group. ${CACHED}`,
    labelNames: ["group"],
    registers,
    collect() {
      this.reset();
      for (const group of view()?.groups ?? []) this.set({ group: group.name }, group.members);
    },
  });
  new Gauge({
    name: "ak_access_group_findings",
    help: `Findings about a group or its members, by severity. ${CACHED}`,
    labelNames: ["group", "severity"],
    registers,
    collect() {
      this.reset();
      for (const group of view()?.groupFindings ?? []) {
        for (const severity of SEVERITIES) this.set({ group: group.name, severity }, group.findings[severity]);
      }
    },
  });

  new Counter({
    name: "ak_access_watch_events_total",
    help: "New model events the change watch saw in authentik's event log, by the kind of object they touched (other: not access-relevant).",
    labelNames: ["kind"],
    registers,
    collect() {
      this.reset();
      for (const [kind, count] of Object.entries(store.status().watch.events)) this.inc({ kind }, count);
    },
  });
  new Gauge({
    name: "ak_access_last_change_detected_timestamp_seconds",
    help: "Unix time the service last learned of a change that decides access (a watch poll, or an audit's event read); 0 before the first.",
    registers,
    collect() {
      const at = store.status().watch.lastChangeDetectedAt;
      this.set(at ? Date.parse(at) / 1000 : 0);
    },
  });
  new Histogram({
    name: "ak_access_detection_delay_seconds",
    help: "Per audit that reported new changes: seconds from the oldest such change's event in authentik's log to the end of that audit.",
    buckets: [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1800, 3600, 21_600, 86_400],
    registers,
    collect() {
      for (const seconds of store.takeDetectionDelays()) this.observe(seconds);
    },
  });
  new Counter({
    name: "ak_access_model_checks_total",
    help: "(user, application) pairs checked against authentik's check_access since start: agree, disagree, or resolved (the model said indeterminate).",
    labelNames: ["result"],
    registers,
    collect() {
      const { agree, disagree, resolved } = store.status().verification.checks;
      this.reset();
      this.inc({ result: "agree" }, agree);
      this.inc({ result: "disagree" }, disagree);
      this.inc({ result: "resolved" }, resolved);
    },
  });
  new Gauge({
    name: "ak_access_model_disagreements",
    help: "Pairs where the model and authentik's check_access disagreed at the last verification (0 before the first or when off).",
    registers,
    collect() {
      this.set(store.status().verification.lastDisagreements ?? 0);
    },
  });

  function perApplication(name: string, help: string, value: (app: ApplicationMetrics) => number): void {
    new Gauge({
      name,
      help: `${help} ${CACHED}`,
      labelNames: ["slug"],
      registers,
      collect() {
        this.reset();
        for (const app of view()?.applications ?? []) this.set({ slug: app.slug }, value(app));
      },
    });
  }

  return {
    recordApiRequest({ endpoint, code }) {
      apiRequests.inc({ endpoint, code });
    },
  };
}
