import { Counter, Gauge, Histogram, collectDefaultMetrics } from "prom-client";
import type { Registry } from "prom-client";
import { memoizePerResult } from "../audit/index.js";
import type { AuditStore } from "../audit/index.js";
import { renderAuditMetrics } from "./render-audit-metrics.js";

export interface Metrics {
  /** Counts one request to authentik (the client's `onRequest` hook). */
  recordApiRequest(record: { endpoint: string; code: string }): void;
  /** What a scrape answers: `live + audit` is the Prometheus text. */
  scrape(): Promise<MetricsScrape>;
  /** The Prometheus text format's content type. */
  readonly contentType: string;
}

export interface MetricsScrape {
  /** Process metrics, counters and the audit loop's status: rendered at each scrape (a few KB). */
  live: string;
  /**
   * The gauges of the last good audit, rendered once per published result and the very same string
   * until the next one (about 1.4 MB at 50,000 users, 1,000 apps and 2,000 groups).
   */
  audit: string;
}

/**
 * Every metric of PRODUCT.md section 8. The live ones are in `registry` (the service's own), filled at
 * scrape time from the store; those that describe the last good audit are rendered once per result
 * (`renderAuditMetrics`), so deleted apps and groups disappear with the result that had them.
 * Label values are slugs, group names and pks, never a username.
 */
export function createMetrics(registry: Registry, store: AuditStore): Metrics {
  const registers = [registry];
  const auditText = memoizePerResult(renderAuditMetrics);
  const beforeFirstAudit = renderAuditMetrics(null);

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

  return {
    recordApiRequest({ endpoint, code }) {
      apiRequests.inc({ endpoint, code });
    },
    async scrape() {
      const latest = store.latest();
      const [live, audit] = await Promise.all([registry.metrics(), latest ? auditText(latest) : beforeFirstAudit]);
      // A blank line between families, as within each part.
      return { live: `${live}\n`, audit };
    },
    get contentType() {
      return registry.contentType;
    },
  };
}
