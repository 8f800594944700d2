import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ROWS } from "../../scripts/grafana/dashboard.js";
import { DATASOURCE_VARIABLE, statPanel } from "../../scripts/grafana/panels.js";
import { renderGrafanaFiles } from "../../scripts/grafana/render-grafana-files.js";
import { DASHBOARDS_PATH, DATASOURCE_UID } from "../../scripts/grafana/settings.js";
import { alertRuleQueries, dashboardQueries, readAlerting, readDashboard } from "./grafana-queries.js";
import type { DashboardJson } from "./grafana-queries.js";

describe("deploy/grafana", () => {
  it("is exactly what `npm run grafana` generates", () => {
    const files = renderGrafanaFiles();

    expect(files.map((file) => file.path).sort()).toEqual([
      "deploy/grafana/dashboards/ak-access.json",
      "deploy/grafana/provisioning/alerting/ak-access.yml",
      "deploy/grafana/provisioning/dashboards/ak-access.yml",
      "deploy/grafana/provisioning/datasources/ak-access.yml",
    ]);
    for (const file of files) expect(readFileSync(file.path, "utf8"), `${file.path} is stale: run npm run grafana`).toBe(file.content);
  });

  it("numbers every panel once and points every query at the chosen datasource and auditor", () => {
    const dashboard = readDashboard();
    const queries = dashboardQueries();

    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.panels.filter((panel) => panel.type !== "row" && (panel.targets ?? []).length === 0)).toEqual([]);
    expect(dashboard.templating.list.map((variable) => [variable.name, variable.type])).toEqual([
      ["datasource", "datasource"],
      ["instance", "query"],
    ]);
    expect(queries.length).toBeGreaterThan(20);
    for (const query of queries) expect(query.expr, query.where).toContain('instance="$instance"');
    const panelDatasources = new Set(
      dashboard.panels.filter((panel) => panel.type !== "row").map((panel) => JSON.stringify(panel.datasource)),
    );
    expect(panelDatasources).toEqual(new Set([JSON.stringify(DATASOURCE_VARIABLE)]));
  });

  it("has the panels the issue asks for", () => {
    const titles = readDashboard().panels.map((panel) => panel.title);

    expect(titles).toEqual(
      expect.arrayContaining([
        "authentik",
        "Last success",
        "Findings by severity",
        "Applications open to everyone",
        "Bindings and users with access, per application",
        "Access changes",
        "Audit duration",
        "authentik API requests",
        "authentik API errors",
      ]),
    );
  });

  it("links each alert rule to a dashboard panel and queries the provisioned datasource", () => {
    const dashboard = readDashboard();
    const alerting = readAlerting();
    const datasources = parse(readFileSync("deploy/grafana/provisioning/datasources/ak-access.yml", "utf8")) as {
      datasources: { uid: string; type: string }[];
    };
    const provider = parse(readFileSync("deploy/grafana/provisioning/dashboards/ak-access.yml", "utf8")) as {
      providers: { options: { path: string } }[];
    };

    const rules = alerting.groups.flatMap((group) => group.rules) as unknown as {
      uid: string;
      condition: string;
      dashboardUid: string;
      panelId: number;
      annotations: Record<string, string>;
      data: { refId: string; datasourceUid: string }[];
    }[];
    expect(rules.map((rule) => rule.uid)).toEqual([
      "ak-access-application-open",
      "ak-access-application-critical-drift",
      "ak-access-application-drift",
    ]);
    expect(datasources.datasources).toMatchObject([{ uid: DATASOURCE_UID, type: "prometheus" }]);
    expect(provider.providers[0]?.options.path).toBe(DASHBOARDS_PATH);
    for (const rule of rules) {
      expect(rule.dashboardUid).toBe(dashboard.uid);
      expect(dashboard.panels.map((panel) => panel.id)).toContain(rule.panelId);
      expect(rule.data.map((query) => [query.refId, query.datasourceUid])).toEqual([
        ["A", DATASOURCE_UID],
        ["B", "__expr__"],
      ]);
      expect(rule.condition).toBe("B");
      expect(rule.annotations.summary).toContain("{{ $labels.slug }}");
      expect(rule.annotations.description).toContain("http://{{ $labels.instance }}/");
    }
    expect(alertRuleQueries()).toHaveLength(3);
  });

  it("takes a new panel by adding one recipe to a row: next id, placed below the others", () => {
    const extra = statPanel({ title: "Extra", description: "a new metric", expr: 'up{instance="$instance"}', width: 6, height: 4 });
    const rows = [...ROWS, { title: "New row", panels: [extra] }];

    const model = JSON.parse(renderGrafanaFiles(rows)[0]?.content ?? "{}") as DashboardJson;
    const committed = readDashboard();

    const lowest = Math.max(...committed.panels.map((panel) => panel.gridPos.y + panel.gridPos.h));
    expect(model.panels.slice(0, committed.panels.length)).toEqual(committed.panels);
    expect(model.panels.slice(committed.panels.length)).toMatchObject([
      { type: "row", title: "New row", id: committed.panels.length + 1, gridPos: { y: lowest } },
      { type: "stat", title: "Extra", id: committed.panels.length + 2, gridPos: { x: 0, y: lowest + 1, w: 6, h: 4 } },
    ]);
  });
});
