import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/config/index.js";
import { loadConfig } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { generatedAdminToken, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { FAST_FAILURE_ENV, faultCases, threePageState } from "../fixtures/fault-cases.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

/**
 * The fault matrix: every endpoint a snapshot reads, on its first, middle and last page, under every
 * fault the simulator injects. `check` must exit 2 with one line naming the endpoint and the cause,
 * never a report; `serve` must keep the last good result, say it is down, publish nothing the fault
 * caused, and recover on the next good audit. A 403 on the tenant settings is the one fault that is
 * not fatal (the flag is then unknown, assumed open, as authentik's default).
 */
const CASES = faultCases();
const tally = { tried: 0, passed: 0 };

let simulator: Simulator;
let service: RunningService;
let runbook: string;
interface Diff {
  findings: unknown[];
  accessChanges: unknown[];
  auditedAt: string;
}
let goodCheck: { code: number; stdout: string };
/** The first good audit's: every later audit of the unfaulted tenant must find exactly these. */
let goodDiff: Diff;

function env(): Env {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: generatedAdminToken, AK_ACCESS_BASELINE: runbook, ...FAST_FAILURE_ENV };
}

async function http(method: "GET" | "POST", path: string): Promise<{ status: number; text: string }> {
  const response = await request(`${service.url}${path}`, { method });
  return { status: response.statusCode, text: await response.body.text() };
}

async function up(): Promise<number> {
  const metrics = (await http("GET", "/metrics")).text;
  return Number(/^ak_access_up (\d)$/m.exec(metrics)?.[1]);
}

beforeAll(async () => {
  simulator = await startSimulator({ state: threePageState() });
  const dir = mkdtempSync(join(tmpdir(), "ak-access-faults-"));
  runbook = join(dir, "access-groups.md");
  // The baseline is the tenant's own quick reference, so the good audit is known in full.
  const report = await runCliCaptured(["report"], { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: generatedAdminToken });
  expect(report.code).toBe(0);
  writeFileSync(runbook, report.stdout);
  goodCheck = await runCliCaptured(["check", "--format", "json"], env());
  expect(goodCheck.code).toBeLessThan(2);

  service = await startService(loadConfig({ ...env(), AK_ACCESS_LISTEN: "127.0.0.1:0", AK_ACCESS_SCHEDULE: "0 0 1 1 *" }), {
    logger: pino({ level: "silent" }),
    refreshMinIntervalMs: 0,
  });
  await service.firstAudit;
  goodDiff = JSON.parse((await http("GET", "/diff")).text);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await simulator?.close();
  console.info(`fault matrix: ${tally.passed} of ${tally.tried} cases passed (${CASES.length} defined)`);
});

describe(`fault matrix: ${CASES.length} cases (7 endpoints x first/middle/last page x ${new Set(CASES.map((c) => c.kind.name)).size} faults)`, () => {
  it("has every combination", () => {
    // 3 single-object endpoints x 12 faults + 4 lists x 3 pages x 14 faults.
    expect(CASES).toHaveLength(3 * 12 + 4 * 3 * 14);
    expect(goodDiff.findings.length).toBeGreaterThan(0);
  });

  it.each(CASES)("$name", async ({ route, page, kind, fault, tolerated }) => {
    tally.tried += 1;
    simulator.clearFaults();
    const before = { up: await up(), diff: JSON.parse((await http("GET", "/diff")).text) as Diff };
    simulator.addFault(fault);

    // `check` and the service's audit meet the fault at the same time.
    const [checked, refreshed] = await Promise.all([runCliCaptured(["check", "--format", "json"], env()), http("POST", "/-/refresh")]);
    const during = { up: await up(), diff: JSON.parse((await http("GET", "/diff")).text) as Diff };
    simulator.clearFaults();
    const recovered = await http("POST", "/-/refresh");
    const after = { up: await up(), diff: JSON.parse((await http("GET", "/diff")).text) as Diff };

    expect(before.up).toBe(1);
    if (tolerated) {
      // The same drift, from a snapshot that says it could not read the tenant flag.
      const report = JSON.parse(checked.stdout) as Diff & { completeness: { complete: boolean } };
      const good = JSON.parse(goodCheck.stdout) as Diff;
      expect(checked.code).toBe(goodCheck.code);
      expect(report.findings).toEqual(good.findings);
      expect(report.accessChanges).toEqual(good.accessChanges);
      expect(report.completeness.complete).toBe(false);
      expect(checked.stderr).toMatch(/^ak-access: warning: incomplete snapshot: the token cannot read the tenant settings [^\n]+\n$/);
      expect(refreshed.status).toBe(200);
      expect(during.up).toBe(1);
      expect(during.diff.findings).toEqual(goodDiff.findings);
      expect(during.diff.accessChanges).toEqual(goodDiff.accessChanges);
    } else {
      // check: no report, one line naming the endpoint and the cause.
      expect(checked.code).toBe(2);
      expect(checked.stdout).toBe("");
      expect(checked.stderr).toMatch(/^ak-access: [^\n]+\n$/);
      expect(checked.stderr).toContain(route);
      expect(checked.stderr).toMatch(kind.says);
      if (page !== null && !kind.listsOnly && page > 1) expect(checked.stderr).toContain(`(page ${page})`);
      // serve: down, the last good result still served unchanged.
      expect(refreshed.status).toBe(502);
      expect(during.up).toBe(0);
      expect(during.diff).toEqual(before.diff);
    }
    // ...and back on the next good audit, with the same findings.
    expect(recovered.status).toBe(200);
    expect(after.up).toBe(1);
    expect(after.diff.findings).toEqual(goodDiff.findings);
    expect(after.diff.accessChanges).toEqual(goodDiff.accessChanges);
    expect(after.diff.auditedAt > before.diff.auditedAt).toBe(true);
    tally.passed += 1;
  });

  it("passed every case", () => {
    expect(tally).toEqual({ tried: CASES.length, passed: CASES.length });
  });
});
