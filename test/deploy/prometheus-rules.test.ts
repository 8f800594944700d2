import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { hasTool } from "../fixtures/required-tool.js";

const RULES = "deploy/prometheus/ak-access-rules.yml";
const RULE_TESTS = "deploy/prometheus/ak-access-rules.test.yml";
const PROMETHEUS_CONFIG = "deploy/prometheus/prometheus.yml";
const ALERTMANAGER_CONFIG = "deploy/alertmanager/alertmanager.yml";
const promtool = hasTool("promtool", ["--version"]);
const amtool = hasTool("amtool", ["--version"]);

interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: string };
  annotations: { summary?: string; description?: string };
}

const rules = (parse(readFileSync(RULES, "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("deploy/prometheus alert rules", () => {
  it("has the alerts of PRODUCT.md section 8 and the issue, each with a summary and a description", () => {
    expect(rules.map((rule) => rule.alert)).toEqual([
      "AkAccessApplicationOpenUndocumented",
      "AkAccessCriticalFinding",
      "AkAccessWarningFinding",
      "AkAccessAuditFailing",
      "AkAccessBaselineInvalid",
      "AkAccessSnapshotIncomplete",
      "AkAccessAuditStale",
      "AkAccessAbsent",
    ]);
    for (const rule of rules) {
      expect(rule.annotations.summary, rule.alert).toBeTruthy();
      expect(rule.annotations.description, rule.alert).toBeTruthy();
      expect(["critical", "warning"], rule.alert).toContain(rule.labels.severity);
    }
    // Every alert about an auditor links to its pages; AkAccessAbsent has no auditor to link to.
    for (const rule of rules.filter((rule) => rule.alert !== "AkAccessAbsent")) {
      expect(rule.annotations.description, rule.alert).toMatch(/http:\/\/\{\{ \$labels\.instance \}\}\//);
    }
    expect(rules.find((rule) => rule.alert === "AkAccessWarningFinding")?.for).toBe("30m");
    // A broken runbook is reported whatever authentik does (it used to hide behind `and ak_access_up == 1`).
    expect(rules.find((rule) => rule.alert === "AkAccessBaselineInvalid")?.expr.trim()).toBe("ak_access_baseline_valid == 0");
  });

  it.skipIf(!promtool)("passes `promtool check rules`", () => {
    const result = run("promtool", ["check", "rules", RULES]);

    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.status).toBe(0);
  });

  it.skipIf(!promtool)("passes its `promtool test rules` unit tests", () => {
    const result = run("promtool", ["test", "rules", RULE_TESTS]);

    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });

  it("has a unit test of each rule firing and one of it not firing", () => {
    const tests = parse(readFileSync(RULE_TESTS, "utf8")) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((test) => test.alert_rule_test);

    for (const rule of rules) {
      const own = cases.filter((test) => test.alertname === rule.alert);
      expect(
        own.some((test) => test.exp_alerts.length > 0),
        `${rule.alert} firing`,
      ).toBe(true);
      expect(
        own.some((test) => test.exp_alerts.length === 0),
        `${rule.alert} not firing`,
      ).toBe(true);
    }
  });

  it.skipIf(!promtool)("ships a prometheus.yml that loads the rules, sends alerts to Alertmanager and scrapes with the HTTP token", () => {
    const config = parse(readFileSync(PROMETHEUS_CONFIG, "utf8")) as {
      rule_files: string[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string; authorization: { credentials_file: string } }[];
    };

    const result = run("promtool", ["check", "config", "--syntax-only", PROMETHEUS_CONFIG]);

    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
    expect(config.rule_files).toEqual(["ak-access-rules.yml"]);
    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(["alertmanager:9093"]);
    expect(config.scrape_configs[0]).toMatchObject({
      job_name: "ak-access",
      authorization: { credentials_file: "/run/secrets/ak_access_http_token" },
    });
  });

  it.skipIf(!amtool)("ships an Alertmanager config that `amtool check-config` accepts, inhibiting only alerts that exist", () => {
    const config = parse(readFileSync(ALERTMANAGER_CONFIG, "utf8")) as {
      inhibit_rules: { source_matchers: string[]; target_matchers: string[] }[];
    };

    const result = run("amtool", ["check-config", ALERTMANAGER_CONFIG]);

    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
    const named = config.inhibit_rules.flatMap((rule) => [...rule.source_matchers, ...rule.target_matchers]).join(" ");
    const alertnames = [...named.matchAll(/alertname="(\w+)"/g)].map((match) => match[1]);
    expect(alertnames).toEqual(["AkAccessApplicationOpenUndocumented", "AkAccessCriticalFinding"]);
    for (const name of alertnames) expect(rules.map((rule) => rule.alert)).toContain(name);
  });
});
