export { createMetrics } from "./create-metrics.js";
export type { Metrics, MetricsScrape } from "./create-metrics.js";
export { renderAuditMetrics } from "./render-audit-metrics.js";
export { toMetricsView, FINDING_SEVERITIES } from "./to-metrics-view.js";
export type { MetricsView } from "./to-metrics-view.js";
