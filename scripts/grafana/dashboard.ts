import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { DATASOURCE_VARIABLE, type Panel, series, statPanel, tablePanel, timeSeriesPanel } from "./panels.js";
import { DASHBOARD_UID } from "./settings.js";

/**
 * The ak-access dashboard: rows of panels over the metrics of PRODUCT.md section 8, one auditor (one
 * authentik instance) at a time. To add a panel, add a recipe to a row below (or a new row) and run
 * `npm run grafana`; positions and ids follow from the order. Only metrics the service exports belong
 * here: test/deploy/prometheus-e2e.test.ts proves every query returns data from the demo.
 */
export interface Row {
  title: string;
  panels: Panel[];
}

const SEVERITY_COLORS = { critical: "red", warning: "orange", info: "blue" };

export const ROWS: Row[] = [
  {
    title: "Status",
    panels: [
      statPanel({
        title: "authentik",
        description: "Whether the last audit read authentik in full (ak_access_up). A runbook that does not parse does not count here.",
        expr: series("ak_access_up"),
        states: [
          { value: 1, text: "read", color: "green" },
          { value: 0, text: "failing", color: "red" },
        ],
        width: 3,
        height: 4,
      }),
      statPanel({
        title: "Runbook",
        description: "Whether the runbook's tables parsed at the last audit (ak_access_baseline_valid); if not, /readyz says why.",
        expr: series("ak_access_baseline_valid"),
        states: [
          { value: 1, text: "parses", color: "green" },
          { value: 0, text: "broken", color: "red" },
        ],
        width: 3,
        height: 4,
      }),
      statPanel({
        title: "Snapshot",
        description: "Whether the token saw everything (ak_access_snapshot_complete); an incomplete snapshot makes every figure wrong.",
        expr: series("ak_access_snapshot_complete"),
        states: [
          { value: 1, text: "complete", color: "green" },
          { value: 0, text: "incomplete", color: "orange" },
        ],
        width: 3,
        height: 4,
      }),
      statPanel({
        title: "Last success",
        description: "When the last audit was published (ak_access_last_success_timestamp_seconds).",
        expr: `${series("ak_access_last_success_timestamp_seconds")} * 1000`,
        unit: "dateTimeFromNow",
        states: [{ value: 0, text: "never", color: "red" }],
        width: 3,
        height: 4,
      }),
      statPanel({
        title: "Critical findings",
        description: "Critical drift between authentik and the runbook, now.",
        expr: `sum(${series("ak_access_findings", 'severity="critical"')})`,
        thresholds: ["green", { value: 1, color: "red" }],
        width: 3,
        height: 4,
      }),
      statPanel({
        title: "Warning findings",
        description: "Warning-level drift between authentik and the runbook, now.",
        expr: `sum(${series("ak_access_findings", 'severity="warning"')})`,
        thresholds: ["green", { value: 1, color: "orange" }],
        width: 3,
        height: 4,
      }),
      statPanel({
        title: "Objects",
        description: "What the last snapshot holds (ak_access_objects).",
        expr: series("ak_access_objects"),
        legend: "{{kind}}",
        width: 6,
        height: 4,
      }),
    ],
  },
  {
    title: "Findings",
    panels: [
      timeSeriesPanel({
        title: "Findings by severity",
        description: "Findings of each audit by severity (ak_access_findings).",
        queries: [{ expr: `sum by (severity) (${series("ak_access_findings")})`, legend: "{{severity}}" }],
        colors: SEVERITY_COLORS,
        width: 12,
        height: 8,
      }),
      tablePanel({
        title: "Findings by kind",
        description: "The kinds of finding present now; /diff.md on the auditor lists each one.",
        labels: ["kind", "severity"],
        columns: [{ expr: `sum by (kind, severity) (${series("ak_access_findings")}) > 0`, title: "findings" }],
        sortBy: "findings",
        valueColors: { severity: SEVERITY_COLORS },
        width: 12,
        height: 8,
      }),
    ],
  },
  {
    title: "Applications",
    panels: [
      tablePanel({
        title: "Applications open to everyone",
        description:
          "Applications every active user may sign in to. documented = unbound is intended (the runbook lists it as unbound); bound or undocumented is an open door.",
        labels: ["slug", "name", "documented"],
        columns: [
          {
            expr: `max by (slug, name, documented) (${series("ak_access_application_info")}) and on (slug) ${series("ak_access_application_open")} == 1`,
          },
          {
            expr: `max by (slug) (${series("ak_access_application_users")}) and on (slug) ${series("ak_access_application_open")} == 1`,
            title: "users",
          },
        ],
        valueColors: { documented: { unbound: "green", bound: "red", undocumented: "red" } },
        width: 10,
        height: 9,
      }),
      tablePanel({
        title: "Bindings and users with access, per application",
        description:
          "Per application: enabled bindings, active users who may sign in, findings, and users whose access differs from what the runbook implies.",
        labels: ["slug", "name", "documented"],
        columns: [
          { expr: `max by (slug, name, documented) (${series("ak_access_application_info")})` },
          { expr: `max by (slug) (${series("ak_access_application_bindings")})`, title: "bindings" },
          { expr: `max by (slug) (${series("ak_access_application_users")})`, title: "users with access" },
          { expr: `sum by (slug) (${series("ak_access_application_findings", 'severity="critical"')})`, title: "critical" },
          { expr: `sum by (slug) (${series("ak_access_application_findings", 'severity="warning"')})`, title: "warnings" },
          { expr: `sum by (slug) (${series("ak_access_access_changes", 'direction="gained"')})`, title: "access gained" },
          { expr: `sum by (slug) (${series("ak_access_access_changes", 'direction="lost"')})`, title: "access lost" },
        ],
        sortBy: "critical",
        width: 14,
        height: 9,
      }),
      timeSeriesPanel({
        title: "Users with access per application",
        description: "Active users who may sign in to each application (ak_access_application_users).",
        queries: [{ expr: series("ak_access_application_users"), legend: "{{slug}}" }],
        width: 24,
        height: 8,
      }),
    ],
  },
  {
    title: "Access changes",
    panels: [
      timeSeriesPanel({
        title: "Access changes",
        description:
          "Users whose access to an application differs from what the runbook implies: gained (can sign in, should not) or lost (should, cannot).",
        queries: [{ expr: `sum by (slug, direction) (${series("ak_access_access_changes")}) > 0`, legend: "{{slug}} {{direction}}" }],
        bars: true,
        width: 24,
        height: 8,
      }),
    ],
  },
  {
    title: "Groups",
    panels: [
      tablePanel({
        title: "Groups",
        description: "Direct members and findings per group (ak_access_group_info, ak_access_group_members, ak_access_group_findings).",
        labels: ["group", "superuser"],
        columns: [
          { expr: `max by (group, superuser) (${series("ak_access_group_info")})` },
          { expr: `max by (group) (${series("ak_access_group_members")})`, title: "direct members" },
          { expr: `sum by (group) (${series("ak_access_group_findings", 'severity="critical"')})`, title: "critical" },
          { expr: `sum by (group) (${series("ak_access_group_findings", 'severity="warning"')})`, title: "warnings" },
        ],
        sortBy: "critical",
        valueColors: { superuser: { true: "red" } },
        width: 24,
        height: 8,
      }),
    ],
  },
  {
    title: "Auditor",
    panels: [
      timeSeriesPanel({
        title: "Audit duration",
        description: "How long the last successful audit took (ak_access_audit_duration_seconds).",
        queries: [{ expr: series("ak_access_audit_duration_seconds"), legend: "duration" }],
        unit: "s",
        width: 6,
        height: 8,
      }),
      timeSeriesPanel({
        title: "Audits",
        description: "Audits run, by result (ak_access_audits_total).",
        queries: [{ expr: `sum by (result) (increase(${series("ak_access_audits_total")}[$__rate_interval]))`, legend: "{{result}}" }],
        colors: { success: "green", failure: "red" },
        bars: true,
        width: 6,
        height: 8,
      }),
      timeSeriesPanel({
        title: "authentik API requests",
        description: "Requests to the authentik API by HTTP status (ak_access_api_requests_total; error = no response).",
        queries: [{ expr: `sum by (code) (rate(${series("ak_access_api_requests_total")}[$__rate_interval]))`, legend: "{{code}}" }],
        unit: "reqps",
        width: 6,
        height: 8,
      }),
      timeSeriesPanel({
        title: "authentik API errors",
        description: "Requests to the authentik API that did not answer 2xx, per endpoint; 0 when there are none.",
        queries: [
          {
            // The `or ... * 0` keeps a 0 line per endpoint, so "no errors" reads as 0 rather than "No data".
            expr: `sum by (endpoint) (rate(${series("ak_access_api_requests_total", 'code!~"2.."')}[$__rate_interval])) or sum by (endpoint) (rate(${series("ak_access_api_requests_total")}[$__rate_interval])) * 0`,
            legend: "{{endpoint}}",
          },
        ],
        unit: "reqps",
        width: 6,
        height: 8,
      }),
    ],
  },
];

/** The dashboard model (Grafana's classic JSON), panels numbered in order from 1. */
export function buildDashboard(rows: Row[] = ROWS): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder("authentik access (ak-access)")
    .uid(DASHBOARD_UID)
    .description("authentik's application access against the runbook's tables, from ak-access's metrics.")
    .tags(["authentik", "ak-access"])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: "now-24h", to: "now" })
    .refresh("1m")
    .timezone("browser")
    .withVariable(new dashboard.DatasourceVariableBuilder("datasource").label("Prometheus").type("prometheus"))
    .withVariable(
      new dashboard.QueryVariableBuilder("instance")
        .label("auditor")
        .description("One ak-access per authentik instance: pick the auditor.")
        .datasource(DATASOURCE_VARIABLE)
        .query("label_values(ak_access_up, instance)")
        .definition("label_values(ak_access_up, instance)")
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc),
    );
  let id = 0;
  for (const row of rows) {
    builder.withRow(new dashboard.RowBuilder(row.title).id(++id));
    for (const panel of row.panels) {
      panel.id(++id);
      builder.withPanel(panel);
    }
  }
  return builder.build();
}
