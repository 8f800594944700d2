import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/diff/index.js";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { call } from "../simulator/fixtures.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

const EXAMPLE_STATE = fileURLToPath(new URL("../../examples/authentik-state.json", import.meta.url));
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../examples/access-groups.md", import.meta.url));
const MAILCOW_BINDING = "5a8f92de-81d5-4cf6-9273-7093de0f568d";
/** The simulator's clock: every event it logs is stamped with it. */
const AUTHENTIK_NOW = new Date("2026-11-30T14:02:00.000Z");
/** The CLI's clock, a day later: the 30-day window reaches back past the change. */
const CLI_NOW = new Date("2026-12-01T09:00:00.000Z");
const MATT_TOKEN = "matt-token";
const AUDITOR_TOKEN = "auditor-token";

let documented: SimulatorState;
let simulator: Simulator;

beforeAll(async () => {
  documented = await loadSimulatorState(EXAMPLE_STATE);
  documented.tokens.push(
    { key: MATT_TOKEN, user: "matt" },
    // Sees everything but the event log.
    {
      key: AUDITOR_TOKEN,
      user: "casey",
      permissions: ["view_user", "view_group", "view_application", "view_policybinding", "view_system_settings"],
    },
  );
  simulator = await startSimulator({ state: structuredClone(documented), now: () => AUTHENTIK_NOW });
});
afterAll(async () => {
  await simulator.close();
});

function env(token: string) {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: token, AK_ACCESS_BASELINE: EXAMPLE_RUNBOOK };
}

describe("attribution end to end: a change made through the API, reported with who, when and from where", () => {
  it("reports a binding deleted through the API with the acting user, the time and the address authentik logged", async () => {
    simulator.setState(structuredClone(documented));
    const deleted = await call(simulator, "DELETE", `/api/v3/policies/bindings/${MAILCOW_BINDING}/`, {
      token: MATT_TOKEN,
      headers: { "x-forwarded-for": "10.0.0.7" },
    });

    const json = await runCliCaptured(["check", "--format", "json"], env(documented.tokens[0]?.key ?? ""), CLI_NOW);
    const text = await runCliCaptured(["check"], env(documented.tokens[0]?.key ?? ""), CLI_NOW);

    expect(deleted.status).toBe(204);
    expect(json.code).toBe(1);
    const findings = (JSON.parse(json.stdout) as { findings: Finding[] }).findings;
    const byKind = new Map(findings.map((finding) => [finding.kind, finding]));
    const expectedEvent = { at: "2026-11-30T14:02:00.000Z", username: "matt", action: "model_deleted", clientIp: "10.0.0.7" };
    expect(byKind.get("binding-missing")?.events).toEqual([expectedEvent]);
    expect(byKind.get("application-open")?.events).toEqual([expectedEvent]);
    expect(text.stdout).toContain(
      "  binding-missing:mailcow/communication-users  Mailcow has no binding to communication-users, although the runbook lists that binding\n" +
        "      — deleted by matt at 2026-11-30 14:02 UTC from 10.0.0.7\n",
    );
  });

  it("names the member's group update for a member added through the API, as authentik does not log which member", async () => {
    simulator.setState(structuredClone(documented));
    await call(simulator, "POST", "/api/v3/core/groups/0820b2b8-6c54-4c20-9a0a-872820e6d9ea/add_user/", {
      token: MATT_TOKEN,
      body: { pk: 9 },
      headers: { "x-forwarded-for": "192.168.1.20" },
    });

    const json = await runCliCaptured(["check", "--format", "json"], env(documented.tokens[0]?.key ?? ""), CLI_NOW);

    const added = (JSON.parse(json.stdout) as { findings: Finding[] }).findings.find((finding) => finding.kind === "member-added");
    expect(added?.subject).toEqual({ type: "user", username: "riley", group: "media-users" });
    expect(added?.events).toEqual([
      { at: "2026-11-30T14:02:00.000Z", username: "matt", action: "model_updated", clientIp: "192.168.1.20" },
    ]);
  });

  it("audits on with a notice when the token cannot read the event log: exit code by drift, findings without events", async () => {
    simulator.setState(structuredClone(documented));
    await call(simulator, "DELETE", `/api/v3/policies/bindings/${MAILCOW_BINDING}/`, { token: MATT_TOKEN });

    const run = await runCliCaptured(["check", "--format", "json"], env(AUDITOR_TOKEN), CLI_NOW);

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: Finding[]; attribution: { notice: string } };
    expect(report.findings.every((finding) => Array.isArray(finding.events) && finding.events.length === 0)).toBe(true);
    expect(report.attribution.notice).toContain("answered 403");
    expect(run.stderr).toContain(
      "ak-access: notice: the token cannot read authentik's event log (GET /events/events/ answered 403), so findings do not say who changed what: grant the token's user the global permission authentik_events.view_event",
    );
  });

  it("reads the event log only after a snapshot succeeded: a failing authentik fails once, with one message", async () => {
    simulator.setState(structuredClone(documented));
    simulator.requests.length = 0;
    simulator.addFault({ path: "/api/v3/core/groups/", status: 500 });

    const run = await runCliCaptured(
      ["check", "--format", "json"],
      { ...env(documented.tokens[0]?.key ?? ""), AK_ACCESS_TIMEOUT_MS: "2000" },
      CLI_NOW,
    );
    simulator.clearFaults();

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ak-access: GET \/core\/groups\/ \(page 1\) answered 500/);
    expect(simulator.requests.filter((request) => request.path === "/api/v3/events/events/")).toEqual([]);
  });
});
