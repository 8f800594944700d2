import { mkdirSync, mkdtempSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import type { Env } from "../../src/config/index.js";
import type { Finding } from "../../src/diff/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { captureLogger } from "../fixtures/capture-logger.js";
import { call } from "../simulator/fixtures.js";

const HTTP_TOKEN = "http-token-for-the-webhook";
const MAILCOW_BINDING = "5a8f92de-81d5-4cf6-9273-7093de0f568d";
const COMMUNICATION_USERS = "31bce176-cd86-4aea-8db3-a57e03d5c2d1";
const OUTPUT_DIR = fileURLToPath(new URL("../../test-output/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "ak-access-watch-"));
const baselineFile = join(dir, "access-groups.md");

let documented: SimulatorState;
let simulator: Simulator | undefined;
let service: RunningService | undefined;

beforeAll(async () => {
  documented = await loadSimulatorState("examples/authentik-state.json");
  documented.tokens.push({ key: "matt-token", user: "matt" });
  copyFileSync("examples/access-groups.md", baselineFile);
});

afterEach(async () => {
  await service?.stop();
  await simulator?.close();
  service = undefined;
  simulator = undefined;
});

/** The example tenant as documented, served; the service against it with an hourly schedule. */
async function start(env: Env = {}): Promise<{ simulator: Simulator; service: RunningService; lines: string[] }> {
  simulator = await startSimulator({ state: structuredClone(documented) });
  const { logger, lines } = captureLogger();
  const config = loadConfig({
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: documented.tokens[0]?.key ?? "",
    AK_ACCESS_BASELINE: baselineFile,
    AK_ACCESS_LISTEN: "127.0.0.1:0",
    AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN,
    // Hourly: the schedule is not what reports a change within seconds.
    AK_ACCESS_SCHEDULE: "0 * * * *",
    ...env,
  });
  service = await startService(config, { logger });
  await service.firstAudit;
  return { simulator, service, lines };
}

async function get(path: string): Promise<string> {
  const response = await request(`${service?.url}${path}`, { headers: { authorization: `Bearer ${HTTP_TOKEN}` } });
  return response.body.text();
}

async function metrics(): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  for (const line of (await get("/metrics")).split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const at = line.lastIndexOf(" ");
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

async function findings(): Promise<Finding[]> {
  return (JSON.parse(await get("/diff")) as { findings: Finding[] }).findings;
}

/** Polls `condition` every 100 ms; fails when `deadline` (epoch ms) passes first. */
async function waitUntil(deadline: number, condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("not reached before the test's deadline");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The watch has read where the log ends: changes from now on are new to it. */
function watchReady(sim: Simulator): boolean {
  return sim.requests.some(
    (r) => r.path === "/api/v3/events/events/" && new URLSearchParams(r.query).get("page_size") === "1" && r.status === 200,
  );
}

describe("service: change-triggered audits", () => {
  it("reports a change made through the API within 20 s with an hourly schedule and the default watch interval, and records the detection delay", async () => {
    const { simulator: sim, service: svc } = await start();
    await waitUntil(Date.now() + 5_000, () => watchReady(sim));
    expect(await findings()).toHaveLength(2);

    const changedAt = Date.now();
    const deleted = await call(sim, "DELETE", `/api/v3/policies/bindings/${MAILCOW_BINDING}/`, {
      token: "matt-token",
      headers: { "x-forwarded-for": "10.0.0.7" },
    });
    let reported: Finding | undefined;
    await waitUntil(changedAt + 20_000, async () => {
      reported = (await findings()).find((finding) => finding.kind === "binding-missing");
      return reported !== undefined;
    });
    const reportedAfterMs = Date.now() - changedAt;
    // The poll that saw the change counted it before it asked for the audit; give a loaded machine a moment.
    await waitUntil(Date.now() + 5_000, async () => (await metrics()).get('ak_access_watch_events_total{kind="policybinding"}') === 1);
    const values = await metrics();

    expect(deleted.status).toBe(204);
    expect(reported?.subject).toEqual({ type: "binding", slug: "mailcow", group: "communication-users" });
    expect(reported?.events).toMatchObject([{ username: "matt", action: "model_deleted", clientIp: "10.0.0.7" }]);
    expect(values.get("ak_access_detection_delay_seconds_count")).toBe(1);
    const delay = values.get("ak_access_detection_delay_seconds_sum") ?? -1;
    expect(delay).toBeGreaterThan(0);
    expect(delay * 1000).toBeLessThanOrEqual(reportedAfterMs + 1_000);
    expect(values.get('ak_access_detection_delay_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(values.get('ak_access_watch_events_total{kind="policybinding"}')).toBe(1);
    expect(values.get("ak_access_last_change_detected_timestamp_seconds")).toBeGreaterThanOrEqual(Math.floor(changedAt / 1000));
    expect(svc.store.status().audits.success).toBe(2);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(
      join(OUTPUT_DIR, "detection-delay.txt"),
      `change reported by /diff after ${reportedAfterMs} ms; ak_access_detection_delay_seconds recorded ${delay.toFixed(3)} s\n`,
    );
  }, 30_000);

  it("costs one request per poll while nothing happens, and turns a burst of 200 writes into at most two audits", async () => {
    const { simulator: sim, service: svc, lines } = await start({ AK_ACCESS_WATCH_INTERVAL: "1s" });
    await waitUntil(Date.now() + 5_000, () => watchReady(sim));
    const quietPolls = svc.store.status().watch.polls;
    const quietRequests = sim.requests.filter((r) => r.path === "/api/v3/events/events/").length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const pollsWhileQuiet = svc.store.status().watch.polls - quietPolls;
    const requestsWhileQuiet = sim.requests.filter((r) => r.path === "/api/v3/events/events/").length - quietRequests;
    const auditsBefore = svc.store.status().audits.success;

    // 200 writes over a few seconds, so that several polls see part of the burst: riley in and out of
    // communication-users 100 times, each logged on the group.
    const burstStart = Date.now();
    for (let i = 0; i < 100; i++) {
      await call(sim, "POST", `/api/v3/core/groups/${COMMUNICATION_USERS}/add_user/`, { token: "matt-token", body: { pk: 9 } });
      await call(sim, "POST", `/api/v3/core/groups/${COMMUNICATION_USERS}/remove_user/`, { token: "matt-token", body: { pk: 9 } });
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await call(sim, "POST", `/api/v3/core/groups/${COMMUNICATION_USERS}/add_user/`, { token: "matt-token", body: { pk: 9 } });
    const burstEnd = Date.now();
    const burstMs = burstEnd - burstStart;
    // Every event seen, then long enough for a trailing audit (the spacing is 5 s at this interval).
    await waitUntil(burstEnd + 20_000, () => svc.store.status().watch.events.group === 201);
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const audits = svc.store.status().audits.success - auditsBefore;
    const final = await findings();

    expect(pollsWhileQuiet).toBeGreaterThanOrEqual(2);
    expect(requestsWhileQuiet).toBe(pollsWhileQuiet);
    expect(audits).toBeGreaterThanOrEqual(1);
    // One audit at the first change, then at most one per spacing (5 s at this interval) while the burst
    // lasts: two for a burst of up to 5 s, as it takes on an idle machine; a loaded one stretches it.
    expect(audits).toBeLessThanOrEqual(1 + Math.max(1, Math.ceil(burstMs / 5_000)));
    expect(final.find((finding) => finding.kind === "member-added")?.subject).toEqual({
      type: "user",
      username: "riley",
      group: "communication-users",
    });
    // Several polls saw part of the burst and each asked for an audit: coalescing is what kept the count down.
    expect(lines.filter((line) => line.includes("authentik changed; auditing")).length).toBeGreaterThanOrEqual(3);
    writeFileSync(join(OUTPUT_DIR, "burst-audits.txt"), `a burst of 201 writes over ${burstMs} ms caused ${audits} audit(s)\n`);
  }, 45_000);

  it("does not poll with AK_ACCESS_WATCH_INTERVAL=0: the audit's attribution read is the only use of the event log", async () => {
    const { simulator: sim } = await start({ AK_ACCESS_WATCH_INTERVAL: "0" });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const reads = sim.requests.filter((r) => r.path === "/api/v3/events/events/").map((r) => new URLSearchParams(r.query).get("page_size"));

    expect(reads).toEqual(["100"]);
  });

  it("takes authentik's notification webhook on POST /-/refresh: the body is ignored, the token required, the change reported and its delay recorded", async () => {
    const { simulator: sim } = await start({ AK_ACCESS_WATCH_INTERVAL: "0" });
    await call(sim, "DELETE", `/api/v3/policies/bindings/${MAILCOW_BINDING}/`, { token: "matt-token" });
    // What authentik's generic webhook transport POSTs, with the Authorization header from its header mapping.
    const webhookBody = {
      body: "model_deleted: {'model': {'app': 'authentik_policies', 'model_name': 'policybinding'}}",
      severity: "notice",
      user_email: "akadmin@example.com",
      user_username: "akadmin",
      event_user_email: "matt@example.com",
      event_user_username: "matt",
    };
    const post = (authorization?: string) =>
      request(`${service?.url}/-/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(webhookBody),
      });

    const refused = await post();
    await refused.body.dump();
    const accepted = await post(`Bearer ${HTTP_TOKEN}`);
    const answer = (await accepted.body.json()) as { refreshed: boolean };
    const values = await metrics();

    expect(refused.statusCode).toBe(401);
    expect(accepted.statusCode).toBe(200);
    expect(answer.refreshed).toBe(true);
    expect((await findings()).find((finding) => finding.kind === "binding-missing")?.events).toMatchObject([{ username: "matt" }]);
    expect(values.get("ak_access_detection_delay_seconds_count")).toBe(1);
    expect(values.get('ak_access_watch_events_total{kind="policybinding"}')).toBe(0);
  });
});
