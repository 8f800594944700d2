import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** One PromQL expression shipped in a Grafana file, and where it is. */
export interface ShippedQuery {
  where: string;
  expr: string;
}

export interface DashboardJson {
  uid: string;
  panels: {
    id: number;
    type: string;
    title: string;
    datasource?: { type: string; uid: string };
    gridPos: { x: number; y: number; w: number; h: number };
    targets?: { refId: string; expr: string }[];
  }[];
  templating: { list: { name: string; type: string; query?: string }[] };
}

export interface AlertingYaml {
  groups: {
    rules: { uid: string; title: string; data: { refId: string; datasourceUid: string; model: { expr?: string } }[] }[];
  }[];
}

export const DASHBOARD_FILE = "deploy/grafana/dashboards/ak-access.json";
export const ALERTING_FILE = "deploy/grafana/provisioning/alerting/ak-access.yml";

export function readDashboard(): DashboardJson {
  return JSON.parse(readFileSync(DASHBOARD_FILE, "utf8")) as DashboardJson;
}

export function readAlerting(): AlertingYaml {
  return parse(readFileSync(ALERTING_FILE, "utf8")) as AlertingYaml;
}

/** Every panel target's expression in the committed dashboard, as Grafana would send it before templating. */
export function dashboardQueries(): ShippedQuery[] {
  return readDashboard().panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel ${panel.id} "${panel.title}" ${target.refId}`, expr: target.expr })),
  );
}

/** Every Prometheus query of the committed Grafana alert rules (expressions such as thresholds excluded). */
export function alertRuleQueries(): (ShippedQuery & { uid: string })[] {
  return readAlerting().groups.flatMap((group) =>
    group.rules.flatMap((rule) =>
      rule.data
        .filter((query) => query.datasourceUid !== "__expr__")
        .map((query) => ({ uid: rule.uid, where: `alert rule ${rule.uid} ${query.refId}`, expr: query.model.expr ?? "" })),
    ),
  );
}
