/**
 * Names shared by the generated Grafana files. The alert rules need a fixed datasource uid (Grafana
 * alerting takes no dashboard variables): the provisioned datasource has it. To use a Prometheus
 * datasource of your own, give it this uid, or change it here and run `npm run grafana`.
 */
export const DATASOURCE_UID = "ak-access-prometheus";
export const DASHBOARD_UID = "ak-access";
/** The Grafana folder holding the dashboard and the alert rules. */
export const FOLDER = "ak-access";
/** Where the Compose setup mounts deploy/grafana/dashboards/ in the Grafana container. */
export const DASHBOARDS_PATH = "/var/lib/grafana/dashboards/ak-access";
/** The Prometheus the provisioned datasource points at (the Compose service). */
export const PROMETHEUS_URL = "http://prometheus:9090";
