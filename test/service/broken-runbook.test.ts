import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { captureLogger } from "../fixtures/capture-logger.js";

// A runbook broken from the start leaves no good baseline to fall back on. authentik itself is fine,
// so ak_access_up must say so, and the runbook must carry the blame: in ak_access_baseline_valid and
// in /readyz's baselineError (the alerts AkAccessBaselineInvalid and AkAccessAuditFailing read these).
const dir = mkdtempSync(join(tmpdir(), "ak-access-broken-runbook-"));
const baselineFile = join(dir, "access-groups.md");
const good = readFileSync("examples/access-groups.md", "utf8");
let simulator: Simulator;
let service: RunningService;
const { logger, lines } = captureLogger();

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await request(`${service.url}${path}`);
  return { status: response.statusCode, body: await response.body.text() };
}

async function refresh(): Promise<{ status: number; body: { refreshed: boolean } }> {
  const response = await request(`${service.url}/-/refresh`, { method: "POST" });
  return { status: response.statusCode, body: (await response.body.json()) as { refreshed: boolean } };
}

async function metrics(): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  for (const line of (await get("/metrics")).body.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const at = line.lastIndexOf(" ");
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

beforeAll(async () => {
  const state = await loadSimulatorState("examples/authentik-state.json");
  writeFileSync(baselineFile, good.replace("| Jellyfin | jellyfin | media-users |", "| Jellyfin | jellyfin | media-user |"));
  simulator = await startSimulator({ state });
  const config = loadConfig({
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: state.tokens[0]?.key ?? "",
    AK_ACCESS_BASELINE: baselineFile,
    AK_ACCESS_LISTEN: "127.0.0.1:0",
    AK_ACCESS_SCHEDULE: "0 0 1 1 *",
  });
  // Refreshes back to back: the rate bound has its own test.
  service = await startService(config, { logger, refreshMinIntervalMs: 0 });
  await service.firstAudit;
});

afterAll(async () => {
  await service?.stop();
  await simulator?.close();
});

describe("service with a runbook broken since start-up", () => {
  it("says authentik is up and the runbook is invalid, and publishes nothing", async () => {
    const values = await metrics();
    const ready = await get("/readyz");

    expect(values.get("ak_access_up")).toBe(1);
    expect(values.get("ak_access_baseline_valid")).toBe(0);
    expect(values.get("ak_access_last_success_timestamp_seconds")).toBe(0);
    expect(values.get('ak_access_audits_total{result="failure"}')).toBe(1);
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.body) as Record<string, unknown>;
    expect(body).toMatchObject({ ready: false, up: true, baselineValid: false, lastSuccessAt: null });
    expect(body.baselineError).toMatch(/access-groups\.md:\d+: unknown group "media-user" in the bindings table/);
    expect(body.lastError).toBe(body.baselineError);
    expect((await get("/diff")).status).toBe(503);
    expect(lines.filter((line) => line.includes("no earlier good baseline"))).toHaveLength(1);
    expect(lines.filter((line) => line.includes("keeping the last good result"))).toHaveLength(0);
  });

  it("answers a refresh with 502 while nothing can be published", async () => {
    const refreshed = await refresh();

    expect(refreshed.status).toBe(502);
    expect(refreshed.body).toMatchObject({ refreshed: false, up: true, baselineValid: false });
  });

  it("blames authentik (ak_access_up 0) only when authentik fails too, and keeps the runbook's cause", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", status: 403 });

    await refresh();
    const values = await metrics();
    const ready = JSON.parse((await get("/readyz")).body) as Record<string, unknown>;
    simulator.clearFaults();

    expect(values.get("ak_access_up")).toBe(0);
    expect(values.get("ak_access_baseline_valid")).toBe(0);
    expect(ready).toMatchObject({ up: false, baselineValid: false, lastError: expect.stringMatching(/403/) });
    expect(ready.baselineError).toMatch(/unknown group "media-user"/);
  });

  it("publishes and turns ready once the runbook is fixed", async () => {
    writeFileSync(baselineFile, good);

    const refreshed = await refresh();
    const values = await metrics();
    const ready = await get("/readyz");

    expect(refreshed.status).toBe(200);
    expect(values.get("ak_access_up")).toBe(1);
    expect(values.get("ak_access_baseline_valid")).toBe(1);
    expect(values.get("ak_access_last_success_timestamp_seconds")).toBeGreaterThan(0);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true, up: true, baselineValid: true, baselineError: null, lastError: null });
  });
});
