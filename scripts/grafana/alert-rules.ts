import * as alerting from "@grafana/grafana-foundation-sdk/alerting";
import * as expr from "@grafana/grafana-foundation-sdk/expr";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { DATASOURCE_UID } from "./settings.js";

/**
 * Grafana-managed alert rules for unbound and drifted applications, one alert instance per
 * application and auditor. Each is an instant PromQL query (A) returning one series per application
 * and a threshold (B: A > 0). They complement deploy/prometheus/ak-access-rules.yml for teams that
 * alert from Grafana rather than Alertmanager. To add one, add a spec below and run `npm run grafana`.
 */
export interface AlertSpec {
  uid: string;
  title: string;
  /** One series per alert instance, > 0 when it should fire; keep `instance` for the link. */
  expr: string;
  forDuration: string;
  severity: "critical" | "warning";
  summary: string;
  description: string;
  /** The dashboard panel (by title) the alert links to. */
  panel: string;
}

// An application's display name beside its slug, for the summaries.
const withName = (query: string) =>
  `${query} * on (instance, slug) group_left (name) max by (instance, slug, name) (ak_access_application_info)`;
const link = "http://{{ $labels.instance }}/";

export const ALERTS: AlertSpec[] = [
  {
    uid: "ak-access-application-open",
    title: "Application open to everyone, not documented as unbound",
    expr: `max by (instance, slug, name, documented) (ak_access_application_info{documented!="unbound"}) * on (instance, slug) group_left () max by (instance, slug) (ak_access_application_open)`,
    forDuration: "5m",
    severity: "critical",
    summary: "{{ $labels.name }} ({{ $labels.slug }}) is open to every authenticated user",
    description: `Every active authentik user can sign in to {{ $labels.name }} ({{ $labels.slug }}), but the runbook {{ if eq $labels.documented "bound" }}binds it to groups: those bindings are gone, disabled or expired{{ else }}does not list it at all{{ end }}. Bind a group to it in authentik, or add it to the runbook's unbound applications if it is meant to be open. ${link}`,
    panel: "Applications open to everyone",
  },
  {
    uid: "ak-access-application-critical-drift",
    title: "Application with critical drift",
    expr: withName(`sum by (instance, slug) (ak_access_application_findings{severity="critical"})`),
    forDuration: "5m",
    severity: "critical",
    summary: "{{ $labels.name }} ({{ $labels.slug }}) has critical drift from the runbook",
    description: `authentik differs from the runbook for {{ $labels.name }} ({{ $labels.slug }}) in a way that changes who can sign in (an open application, a negated binding, a missing group). The findings: ${link} and ${link}diff.md`,
    panel: "Bindings and users with access, per application",
  },
  {
    uid: "ak-access-application-drift",
    title: "Application drifted for 30 minutes",
    expr: withName(`sum by (instance, slug) (ak_access_application_findings{severity="warning"})`),
    forDuration: "30m",
    severity: "warning",
    summary: "{{ $labels.name }} ({{ $labels.slug }}) has drifted from the runbook for 30 minutes",
    description: `authentik's bindings for {{ $labels.name }} ({{ $labels.slug }}) have differed from the runbook for half an hour. Fix authentik, or update the runbook's tables with \`ak-access report --inject\`. The findings: ${link} and ${link}diff.md`,
    panel: "Bindings and users with access, per application",
  },
];

/** A rule in Grafana's alert rule provisioning file format (provisioning/alerting/*.yml). */
export interface ProvisionedRule {
  uid: string;
  title: string;
  condition: string;
  data: { refId: string; relativeTimeRange: { from: number; to: number }; datasourceUid: string; model: unknown }[];
  dashboardUid: string;
  panelId: number;
  noDataState: string;
  execErrState: string;
  for: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
}

/** The rule as the foundation SDK models it (the provisioning API's shape). */
export function buildRule(spec: AlertSpec): alerting.Rule {
  const query = new prometheus.DataqueryBuilder()
    .datasource({ type: "prometheus", uid: DATASOURCE_UID })
    .refId("A")
    .expr(spec.expr)
    .instant()
    .intervalMs(60_000)
    .maxDataPoints(43_200);
  const threshold = new expr.TypeThresholdBuilder()
    .datasource({ type: "__expr__", uid: "__expr__" })
    .refId("B")
    .expression("A")
    .conditions([{ evaluator: { type: "gt", params: [0] } }]);
  return (
    new alerting.RuleBuilder(spec.title)
      .uid(spec.uid)
      .condition("B")
      .withQuery(new alerting.QueryBuilder("A").datasourceUid(DATASOURCE_UID).relativeTimeRange({ from: 600, to: 0 }).model(query))
      .withQuery(new alerting.QueryBuilder("B").datasourceUid("__expr__").relativeTimeRange({ from: 0, to: 0 }).model(threshold))
      .forDuration(spec.forDuration)
      // No series (no applications, or no auditor) is not drift; AkAccessAbsent in Prometheus covers a missing auditor.
      .noDataState("OK")
      .execErrState("Error")
      .labels({ severity: spec.severity })
      .annotations({ summary: spec.summary, description: spec.description })
      .build()
  );
}

/** The SDK's rule in the file format, linked to its dashboard panel. */
export function toProvisionedRule(rule: alerting.Rule, dashboardUid: string, panelId: number): ProvisionedRule {
  if (!rule.uid) throw new Error(`alert rule "${rule.title}" needs a uid`);
  return {
    uid: rule.uid,
    title: rule.title,
    condition: rule.condition,
    data: rule.data.map((query) => ({
      refId: query.refId ?? "",
      relativeTimeRange: { from: query.relativeTimeRange?.from ?? 0, to: query.relativeTimeRange?.to ?? 0 },
      datasourceUid: query.datasourceUid ?? "",
      // JSON's view of the model: the SDK's query objects carry a marker method YAML cannot write.
      model: JSON.parse(JSON.stringify(query.model)) as unknown,
    })),
    dashboardUid,
    panelId,
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: rule.for,
    annotations: rule.annotations ?? {},
    labels: rule.labels ?? {},
    isPaused: rule.isPaused ?? false,
  };
}
