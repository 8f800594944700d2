import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { spawnCli } from "../fixtures/spawn-cli.js";
import type { CliProcess } from "../fixtures/spawn-cli.js";

// How long to wait for something before giving up: generous, because a loaded machine is slow. No test
// asserts how fast anything happens (that belongs in `npm run bench`); they assert what happens, in order.
const START_TIMEOUT_MS = 20_000;
const EXIT_TIMEOUT_MS = 30_000;
const DEMO_TOKEN = "demo-admin-token-7f3c9a2e5b1d4c68";
const USERS_PATH = "/api/v3/core/users/";
const LIFECYCLE = new Set(["ak-access serving", "stopping", "abandoning the running audit", "ak-access stopped"]);

let simulator: Simulator;
let token: string;
const children: CliProcess[] = [];

beforeAll(async () => {
  const state = applyDemoDrift(await loadSimulatorState("examples/authentik-state.json"));
  token = state.tokens[0]?.key ?? "";
  simulator = await startSimulator({ state });
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  simulator.clearFaults();
});
afterAll(async () => {
  await simulator?.close();
});

function serve(logLevel = "info"): CliProcess {
  const cli = spawnCli(["serve"], {
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: token,
    AK_ACCESS_BASELINE: "examples/access-groups.md",
    AK_ACCESS_LISTEN: "127.0.0.1:0",
    AK_ACCESS_LOG_LEVEL: logLevel,
  });
  children.push(cli);
  return cli;
}

/** The audit has reached the users endpoint, where the fault holds it (earlier tests' requests, from `since` on, do not count). */
async function waitForHangingAudit(since: number): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (!simulator.requests.slice(since).some((request) => request.path === USERS_PATH && request.status === 0)) {
    if (performance.now() > deadline) throw new Error(`the audit never reached ${USERS_PATH}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function messages(cli: CliProcess): string[] {
  return cli.logLines().map((line) => line.msg);
}

describe("cli serve: signals", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("stops cleanly on %s after the first audit, exit code 0", async (signal) => {
    const cli = serve();
    const serving = await cli.waitForLog("ak-access serving", START_TIMEOUT_MS);
    await cli.waitForLog("audit finished", START_TIMEOUT_MS);

    cli.signal(signal);
    const exit = await cli.waitForExit(EXIT_TIMEOUT_MS);

    expect(serving.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(exit.code).toBe(0);
    expect(exit.signal).toBeNull();
    expect(messages(cli).filter((msg) => LIFECYCLE.has(msg))).toEqual(["ak-access serving", "stopping", "ak-access stopped"]);
    expect(messages(cli).indexOf("audit finished")).toBeLessThan(messages(cli).indexOf("stopping"));
    expect(cli.logLines().filter((line) => line.level >= 40)).toEqual([]);
    expect(cli.logLines().find((line) => line.msg === "stopping")).toMatchObject({ level: 30, signal });
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).not.toContain(token);
  });

  it("abandons an audit in flight after the drain timeout and exits 0", { timeout: 60_000 }, async () => {
    simulator.addFault({ path: USERS_PATH, delayMs: 20_000 });
    const since = simulator.requests.length;
    // Debug level, so a retry would show in the log.
    const cli = serve("debug");
    await cli.waitForLog("ak-access serving", START_TIMEOUT_MS);
    await waitForHangingAudit(since);

    cli.signal("SIGTERM");
    const exit = await cli.waitForExit(EXIT_TIMEOUT_MS);

    expect(exit.code).toBe(0);
    expect(exit.signal).toBeNull();
    const stopping = cli.logLines().find((line) => line.msg === "stopping");
    const abandoning = cli.logLines().find((line) => line.msg === "abandoning the running audit");
    // It waited the whole 5 s drain before abandoning (a lower bound: timers never fire early)...
    expect(Number(abandoning?.time) - Number(stopping?.time)).toBeGreaterThanOrEqual(4_900);
    // ...and then stopped, without retrying the abandoned audit on the destroyed client.
    expect(messages(cli)).not.toContain("authentik unreachable, retrying");
    expect(simulator.requests.slice(since).filter((request) => request.path === USERS_PATH)).toHaveLength(1);
    expect(messages(cli)).not.toContain("audit finished");
    expect(messages(cli).filter((msg) => LIFECYCLE.has(msg))).toEqual([
      "ak-access serving",
      "stopping",
      "abandoning the running audit",
      "ak-access stopped",
    ]);
    expect(cli.logLines().find((line) => line.msg === "abandoning the running audit")).toMatchObject({ level: 40, timeoutMs: 5_000 });
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).not.toContain(token);
  });

  it("exits at once with code 143 on a second SIGTERM while still draining", { timeout: 60_000 }, async () => {
    simulator.addFault({ path: USERS_PATH, delayMs: 20_000 });
    const since = simulator.requests.length;
    const cli = serve();
    await cli.waitForLog("ak-access serving", START_TIMEOUT_MS);
    await waitForHangingAudit(since);
    cli.signal("SIGTERM");
    await cli.waitForLog("stopping", START_TIMEOUT_MS);

    cli.signal("SIGTERM");
    const exit = await cli.waitForExit(EXIT_TIMEOUT_MS);

    expect(exit.code).toBe(143);
    expect(exit.signal).toBeNull();
    expect(cli.logLines().find((line) => line.msg === "second signal: exiting now")).toMatchObject({ level: 40, signal: "SIGTERM" });
    // It did not wait for the drain: the drain timeout never fired and the orderly stop never finished.
    expect(messages(cli).filter((msg) => LIFECYCLE.has(msg) || msg === "second signal: exiting now")).toEqual([
      "ak-access serving",
      "stopping",
      "second signal: exiting now",
    ]);
    expect(cli.stderr()).not.toContain(token);
  });
});

describe("cli demo", () => {
  it("prints its URLs, serves the drifted diff, and stops on SIGTERM with exit code 0", async () => {
    const cli = spawnCli(["demo", "--listen", "127.0.0.1:0"], {});
    children.push(cli);
    const [, url] = await cli.waitForStdout(/^ {2}overview +(http:\/\/127\.0\.0\.1:\d+)\/$/m, START_TIMEOUT_MS);
    await cli.waitForStdout(/Press Ctrl-C to stop\.\n$/, START_TIMEOUT_MS);

    const response = await fetch(`${url}/diff`);
    const diff = (await response.json()) as {
      inSync: boolean;
      summary: Record<string, number>;
      accessChanges: unknown[];
      accessChangeGroups: unknown[];
    };
    cli.signal("SIGTERM");
    const exit = await cli.waitForExit(EXIT_TIMEOUT_MS);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(diff.inSync).toBe(false);
    expect(diff.summary).toEqual({ critical: 2, warning: 2, info: 2, accepted: 0 });
    expect(diff.accessChanges).toHaveLength(13);
    expect(diff.accessChangeGroups).toHaveLength(5);
    expect(cli.stdout()).toContain(`  metrics              ${url}/metrics\n`);
    expect(cli.stdout()).toMatch(/^ {2}simulated authentik {2}http:\/\/127\.0\.0\.1:\d+\/api\/v3 \(example tenant with three drifts\)$/m);
    expect(exit.code).toBe(0);
    expect(exit.signal).toBeNull();
    expect(cli.stderr()).toBe("");
    expect(cli.stdout()).not.toContain(DEMO_TOKEN);
  });
});
