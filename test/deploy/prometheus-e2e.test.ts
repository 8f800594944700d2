import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { captureLogger } from "../fixtures/capture-logger.js";
import { eventually, startBackground } from "../fixtures/background-process.js";
import type { BackgroundProcess } from "../fixtures/background-process.js";
import { freePort } from "../fixtures/free-port.js";
import { hasTool } from "../fixtures/required-tool.js";
import { alertRuleQueries, dashboardQueries, readDashboard } from "./grafana-queries.js";

// The shipped monitoring, for real: the demo's drift served by the service, scraped by a real
// Prometheus with the shipped prometheus.yml (HTTP token, relabelling, alerting) and rules, alerts sent
// to a real Alertmanager with the shipped example config. Only the timing differs: 1 s scrapes and
// evaluations, and every `for:` shortened to 1s. Everything is polled with a generous deadline.
const tools = hasTool("prometheus", ["--version"]) && hasTool("prometheus-alertmanager", ["--version"]);
const DEADLINE_MS = 45_000;
const HTTP_TOKEN = "e2e-scrape-token";
/** The instance label the shipped relabelling gives the auditor (the address people open). */
const INSTANCE = "localhost:9851";

const dir = mkdtempSync(join(tmpdir(), "ak-access-prometheus-e2e-"));
let simulator: Simulator;
let service: RunningService;
let prometheus: BackgroundProcess;
let alertmanager: BackgroundProcess;
let prometheusUrl: string;
let alertmanagerUrl: string;

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "pending" | "firing";
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${prometheusUrl}${path}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== "success") throw new Error(`${path}: ${body.error ?? body.status}`);
  return body.data;
}

async function instantQuery(expr: string): Promise<Sample[]> {
  return (await api<{ result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result;
}

/** A dashboard expression as Grafana sends it: the auditor picked, $__rate_interval resolved. */
function templated(expr: string): string {
  const resolved = expr.replaceAll("$instance", INSTANCE).replaceAll("$__rate_interval", "1m");
  if (resolved.includes("$")) throw new Error(`unknown dashboard variable in ${expr}`);
  return resolved;
}

function key(alert: { labels: Record<string, string> }): string {
  const { alertname, slug, kind } = alert.labels;
  return [alertname, slug ?? kind].filter(Boolean).join(" ");
}

// Vaultwarden's negated binding is to proxmox_users, which has no members: it admits everyone, so
// Vaultwarden is open to everyone too, although no application-open finding says so.
const EXPECTED_FIRING = [
  "AkAccessApplicationOpenUndocumented mailcow",
  "AkAccessApplicationOpenUndocumented vaultwarden",
  "AkAccessCriticalFinding application-open",
  "AkAccessCriticalFinding binding-negated",
  "AkAccessWarningFinding binding-missing",
  "AkAccessWarningFinding member-added",
];

beforeAll(async () => {
  if (!tools) return;
  const state = await loadSimulatorState("examples/authentik-state.json");
  simulator = await startSimulator({ state: applyDemoDrift(state) });
  service = await startService(
    loadConfig({
      AUTHENTIK_URL: simulator.url,
      AUTHENTIK_TOKEN: state.tokens[0]?.key ?? "",
      AK_ACCESS_BASELINE: "examples/access-groups.md",
      AK_ACCESS_LISTEN: "127.0.0.1:0",
      AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN,
      AK_ACCESS_SCHEDULE: "0 0 1 1 *",
    }),
    { logger: captureLogger().logger },
  );
  await service.firstAudit;

  const tokenFile = join(dir, "ak_access_http_token");
  writeFileSync(tokenFile, `${HTTP_TOKEN}\n`, { mode: 0o600 });
  const rules = readFileSync("deploy/prometheus/ak-access-rules.yml", "utf8");
  const shortened = rules.replaceAll(/^(\s+for: )\d+m$/gm, "$11s");
  expect(shortened.match(/^\s+for: 1s$/gm)).toHaveLength(rules.match(/^\s+- alert: /gm)?.length ?? -1);
  writeFileSync(join(dir, "ak-access-rules.yml"), shortened);

  const amPort = await freePort();
  alertmanagerUrl = `http://127.0.0.1:${amPort}`;
  alertmanager = startBackground("prometheus-alertmanager", [
    `--config.file=${join(process.cwd(), "deploy/alertmanager/alertmanager.yml")}`,
    `--storage.path=${join(dir, "alertmanager")}`,
    `--web.listen-address=127.0.0.1:${amPort}`,
    "--cluster.listen-address=",
  ]);

  const config = parse(readFileSync("deploy/prometheus/prometheus.yml", "utf8"));
  config.global = { scrape_interval: "1s", evaluation_interval: "1s" };
  config.alerting.alertmanagers[0].static_configs[0].targets = [`127.0.0.1:${amPort}`];
  config.scrape_configs[0].static_configs[0].targets = [new URL(service.url).host];
  config.scrape_configs[0].authorization.credentials_file = tokenFile;
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = startBackground("prometheus", [
    `--config.file=${join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);

  const ready = async (url: string, process: BackgroundProcess) => {
    if (process.child.exitCode !== null) throw new Error(`exited:\n${process.output()}`);
    return (await fetch(`${url}/-/ready`)).ok || undefined;
  };
  await eventually("Alertmanager ready", () => ready(alertmanagerUrl, alertmanager), {
    deadlineMs: DEADLINE_MS,
    context: alertmanager.output,
  });
  await eventually("Prometheus ready", () => ready(prometheusUrl, prometheus), { deadlineMs: DEADLINE_MS, context: prometheus.output });
}, 2 * DEADLINE_MS);

afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  await service?.stop();
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!tools)("the shipped alerts and dashboards against a real Prometheus and the demo's drift", () => {
  it(
    "scrapes the auditor with the HTTP token, as the instance people open",
    async () => {
      const targets = await eventually(
        "a healthy scrape",
        async () => {
          const data = await api<{ activeTargets: { health: string; labels: Record<string, string>; lastError: string }[] }>(
            "/api/v1/targets",
          );
          return data.activeTargets.every((target) => target.health === "up") && data.activeTargets.length > 0 ? data : undefined;
        },
        { deadlineMs: DEADLINE_MS, context: prometheus.output },
      );

      expect(targets.activeTargets).toMatchObject([{ health: "up", labels: { job: "ak-access", instance: INSTANCE }, lastError: "" }]);
    },
    DEADLINE_MS + 5_000,
  );

  it(
    "fires exactly the alerts the demo's drift calls for, with causes and links in their annotations",
    async () => {
      const alerts = await eventually(
        "the expected alerts firing",
        async () => {
          const data = await api<{ alerts: PromAlert[] }>("/api/v1/alerts");
          const firing = new Set(data.alerts.filter((alert) => alert.state === "firing").map(key));
          return EXPECTED_FIRING.every((name) => firing.has(name)) ? data.alerts : undefined;
        },
        { deadlineMs: DEADLINE_MS, context: prometheus.output },
      );

      // Nothing else fires or is pending: not AuditFailing, BaselineInvalid, SnapshotIncomplete, AuditStale or Absent.
      expect(alerts.map((alert) => `${alert.state} ${key(alert)}`).sort()).toEqual(EXPECTED_FIRING.map((name) => `firing ${name}`));
      const open = alerts.find(
        (alert) => alert.labels.alertname === "AkAccessApplicationOpenUndocumented" && alert.labels.slug === "mailcow",
      );
      expect(open?.labels).toMatchObject({ severity: "critical", slug: "mailcow", name: "Mailcow", documented: "bound" });
      expect(open?.annotations.summary).toBe("Mailcow (mailcow) is open to every authenticated user");
      expect(open?.annotations.description).toContain("binds it to groups: those bindings are gone");
      const negated = alerts.find((alert) => alert.labels.kind === "binding-negated");
      expect(negated?.annotations.description).toBe(
        `authentik has drifted from the runbook: binding-negated (critical). Applications with critical findings: mailcow, vaultwarden. http://${INSTANCE}/`,
      );
      const member = alerts.find((alert) => alert.labels.kind === "member-added");
      expect(member?.annotations.description).toContain("Applications with warnings: mailcow. Groups with warnings: media-users.");
    },
    DEADLINE_MS + 5_000,
  );

  it(
    "delivers them to Alertmanager, which inhibits the per-kind alert for the open application",
    async () => {
      const received = await eventually(
        "the alerts in Alertmanager",
        async () => {
          const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`);
          const alerts = (await response.json()) as { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[];
          const names = new Set(alerts.map(key));
          return EXPECTED_FIRING.every((name) => names.has(name)) && alerts.some((a) => a.status.state === "suppressed")
            ? alerts
            : undefined;
        },
        { deadlineMs: DEADLINE_MS, context: alertmanager.output },
      );

      const states = Object.fromEntries(received.map((alert) => [key(alert), alert.status.state]));
      expect(states).toEqual({
        "AkAccessApplicationOpenUndocumented mailcow": "active",
        "AkAccessApplicationOpenUndocumented vaultwarden": "active",
        "AkAccessCriticalFinding application-open": "suppressed",
        "AkAccessCriticalFinding binding-negated": "active",
        "AkAccessWarningFinding binding-missing": "active",
        "AkAccessWarningFinding member-added": "active",
      });
    },
    DEADLINE_MS + 5_000,
  );

  it(
    "returns data for every query of the dashboard, and for its auditor variable",
    async () => {
      const queries = dashboardQueries();
      const variable = readDashboard().templating.list.find((entry) => entry.name === "instance");

      const instances = await api<string[]>(`/api/v1/label/instance/values?match[]=${encodeURIComponent("ak_access_up")}`);
      // Rates need two samples in their window: poll until every query answers, or report those that never did.
      let empty: string[] = [];
      await eventually(
        "data for every dashboard query",
        async () => {
          const results = await Promise.all(queries.map(async (query) => ({ query, samples: await instantQuery(templated(query.expr)) })));
          empty = results.filter((result) => result.samples.length === 0).map(({ query }) => `${query.where}: ${query.expr}`);
          return empty.length === 0 || undefined;
        },
        { deadlineMs: DEADLINE_MS },
      ).catch(() => undefined);

      expect(variable?.query).toBe("label_values(ak_access_up, instance)");
      expect(instances).toEqual([INSTANCE]);
      expect(queries).toHaveLength(readFileSync("deploy/grafana/dashboards/ak-access.json", "utf8").match(/"expr":/g)?.length ?? -1);
      expect(empty).toEqual([]);
    },
    4 * DEADLINE_MS,
  );

  it(
    "returns data for every Grafana alert rule query, above its threshold exactly for the drifted applications",
    async () => {
      const queries = alertRuleQueries();

      const firing = new Map<string, string[]>();
      for (const query of queries) {
        const samples = await eventually(
          `data for ${query.where}`,
          async () => {
            const result = await instantQuery(query.expr);
            return result.length > 0 ? result : undefined;
          },
          { deadlineMs: DEADLINE_MS },
        );
        // Condition B of every rule: A > 0.
        firing.set(
          query.uid,
          samples
            .filter((sample) => Number(sample.value[1]) > 0)
            .map((sample) => sample.metric.slug ?? "")
            .sort(),
        );
        expect(
          samples.every((sample) => sample.metric.instance === INSTANCE && sample.metric.name),
          query.where,
        ).toBe(true);
      }

      expect(Object.fromEntries(firing)).toEqual({
        "ak-access-application-open": ["mailcow", "vaultwarden"],
        "ak-access-application-critical-drift": ["mailcow", "vaultwarden"],
        "ak-access-application-drift": ["mailcow"],
      });
    },
    2 * DEADLINE_MS,
  );
});
