export { createMetrics } from "./create-metrics.js";
export type { Metrics } from "./create-metrics.js";
export { toMetricsView, FINDING_SEVERITIES } from "./to-metrics-view.js";
export type { MetricsView } from "./to-metrics-view.js";
