import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { generateSimulatorState, generatedAdminToken, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { FAST_FAILURE_ENV, FAULT_KINDS, LIST_ENDPOINTS } from "../fixtures/fault-cases.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";
import { spawnCli } from "../fixtures/spawn-cli.js";
import type { CliProcess } from "../fixtures/spawn-cli.js";

/**
 * The soak: `serve` as its own process auditing every second, every FAULT_EVERY-th audit meeting a
 * fault (each fault kind in turn, on each list in turn), while a second process scrapes it as fast as
 * it answers. It reports audit cycles, memory growth, scrape latency and failed scrapes. In CI a short
 * run asserts that no scrape failed and every faulted audit recovered; `npm run soak` runs it long
 * (AK_ACCESS_SOAK_CYCLES, default 600). Figures are logged and written to test-output/soak.json; no
 * timing is asserted.
 */
const CYCLES = Number(process.env.AK_ACCESS_SOAK_CYCLES ?? 12);
const FAULT_EVERY = 4;
const HTTP_TOKEN = "soak-http-token-0123456789";
const LOAD_GENERATOR = fileURLToPath(new URL("./load-generator.mjs", import.meta.url));
const OUTPUT = fileURLToPath(new URL("../../test-output/", import.meta.url));
// Mostly what Prometheus scrapes, plus the probes and a data route.
const SCRAPED = ["/metrics", "/metrics", "/metrics", "/metrics", "/readyz", "/healthz", "/diff"];
const OUTCOMES = new Set(["audit finished", "audit failed; keeping the last good result"]);

let simulator: Simulator | undefined;
let service: CliProcess | undefined;

afterAll(async () => {
  await service?.kill();
  await simulator?.close();
});

interface Scrapes {
  requests: number;
  failures: number;
  firstFailures: string[];
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statuses: Record<string, number>;
}

function outcomes(cli: CliProcess): string[] {
  return cli
    .logLines()
    .map((line) => line.msg)
    .filter((msg) => OUTCOMES.has(msg));
}

/** Resolves with the next audit outcome logged after `seen` outcomes. */
async function nextOutcome(cli: CliProcess, seen: number): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const all = outcomes(cli);
    if (all.length > seen) return all[seen] as string;
    if (Date.now() > deadline) throw new Error(`no audit outcome after ${seen} within 60 s\n${cli.stderr().slice(-2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function metric(url: string, name: string): Promise<number> {
  const response = await request(`${url}/metrics`, { headers: { authorization: `Bearer ${HTTP_TOKEN}` } });
  const text = await response.body.text();
  const match = new RegExp(`^${name} ([0-9.e+]+)$`, "m").exec(text);
  return Number(match?.[1]);
}

describe(`soak: ${CYCLES} audit cycles, a fault every ${FAULT_EVERY}th, concurrent scrapes from a second process`, () => {
  it("keeps answering every scrape, recovers from every fault, and reports its figures", {
    timeout: 120_000 + CYCLES * 6_000,
  }, async () => {
    simulator = await startSimulator({
      state: generateSimulatorState({ users: 300, groups: 40, applications: 50, bindings: 100, seed: 7 }),
    });
    const dir = mkdtempSync(join(tmpdir(), "ak-access-soak-"));
    const runbook = join(dir, "access-groups.md");
    const report = await runCliCaptured(["report"], { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: generatedAdminToken });
    writeFileSync(runbook, report.stdout);
    service = spawnCli(["serve"], {
      AUTHENTIK_URL: simulator.url,
      AUTHENTIK_TOKEN: generatedAdminToken,
      AK_ACCESS_BASELINE: runbook,
      AK_ACCESS_LISTEN: "127.0.0.1:0",
      AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN,
      // Every second: croner's six-field form.
      AK_ACCESS_SCHEDULE: "* * * * * *",
      AK_ACCESS_LOG_LEVEL: "info",
      ...FAST_FAILURE_ENV,
    });
    const url = String((await service.waitForLog("ak-access serving", 20_000)).url);
    // Warm up: a few audits before the first memory sample.
    for (let seen = 0; seen < 3; seen++) expect(await nextOutcome(service, seen)).toBe("audit finished");
    const memoryBefore = {
      rss: await metric(url, "ak_access_process_resident_memory_bytes"),
      heap: await metric(url, "ak_access_nodejs_heap_size_used_bytes"),
    };

    const scraper = spawn(process.execPath, [LOAD_GENERATOR, url, HTTP_TOKEN, String(CYCLES * 10_000 + 120_000), "8", SCRAPED.join(",")], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let scraperOutput = "";
    scraper.stdout.setEncoding("utf8").on("data", (chunk: string) => (scraperOutput += chunk));
    const scraperDone = new Promise<void>((resolve) => scraper.once("close", () => resolve()));

    let seen = outcomes(service).length;
    const faulted: { fault: string; outcome: string; recovered: boolean }[] = [];
    // Memory every tenth of the run: a leak grows steadily, a warming heap levels off.
    const samples: { cycle: number; rssMiB: number; heapMiB: number }[] = [];
    const sampleEvery = Math.max(4, Math.round(CYCLES / 10));
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      if (cycle % sampleEvery === 0) {
        samples.push({
          cycle,
          rssMiB: +((await metric(url, "ak_access_process_resident_memory_bytes")) / 2 ** 20).toFixed(1),
          heapMiB: +((await metric(url, "ak_access_nodejs_heap_size_used_bytes")) / 2 ** 20).toFixed(1),
        });
      }
      if (cycle % FAULT_EVERY !== 0) {
        await nextOutcome(service, seen);
        seen += 1;
        continue;
      }
      const kind = FAULT_KINDS[(cycle / FAULT_EVERY - 1) % FAULT_KINDS.length];
      const route = LIST_ENDPOINTS[(cycle / FAULT_EVERY - 1) % LIST_ENDPOINTS.length];
      if (!kind || !route) throw new Error("no fault to inject");
      simulator.addFault({ path: `/api/v3${route}`, ...kind.fault });
      // The audit running when the fault arrived may still succeed; the next one meets it.
      let outcome = await nextOutcome(service, seen);
      seen += 1;
      if (outcome === "audit finished") {
        outcome = await nextOutcome(service, seen);
        seen += 1;
      }
      simulator.clearFaults();
      let recovered = false;
      while (!recovered) {
        recovered = (await nextOutcome(service, seen)) === "audit finished";
        seen += 1;
      }
      faulted.push({ fault: `${kind.name} on ${route}`, outcome, recovered });
    }

    scraper.kill("SIGTERM");
    await scraperDone;
    const scrapes = JSON.parse(scraperOutput) as Scrapes;
    const memoryAfter = {
      rss: await metric(url, "ak_access_process_resident_memory_bytes"),
      heap: await metric(url, "ak_access_nodejs_heap_size_used_bytes"),
    };
    const up = await metric(url, "ak_access_up");
    const audits = {
      success: await metric(url, 'ak_access_audits_total\\{result="success"\\}'),
      failure: await metric(url, 'ak_access_audits_total\\{result="failure"\\}'),
    };
    service.signal("SIGTERM");
    const exit = await service.waitForExit(30_000);

    const figures = {
      cycles: audits.success + audits.failure,
      audits,
      faults: faulted.length,
      scrapes,
      memory: {
        rssBeforeMiB: +(memoryBefore.rss / 2 ** 20).toFixed(1),
        rssAfterMiB: +(memoryAfter.rss / 2 ** 20).toFixed(1),
        rssGrowthMiB: +((memoryAfter.rss - memoryBefore.rss) / 2 ** 20).toFixed(1),
        heapBeforeMiB: +(memoryBefore.heap / 2 ** 20).toFixed(1),
        heapAfterMiB: +(memoryAfter.heap / 2 ** 20).toFixed(1),
        heapGrowthMiB: +((memoryAfter.heap - memoryBefore.heap) / 2 ** 20).toFixed(1),
        // RSS growth over the second half of the run alone, once the process has warmed up.
        rssGrowthSecondHalfMiB:
          samples.length >= 2
            ? +((memoryAfter.rss / 2 ** 20 - (samples[Math.floor(samples.length / 2)]?.rssMiB ?? 0)) as number).toFixed(1)
            : null,
        samples,
      },
      faulted,
    };
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(join(OUTPUT, "soak.json"), `${JSON.stringify(figures, null, 2)}\n`);
    console.info(
      `soak: ${figures.cycles} audit cycles (${audits.failure} failed under ${faulted.length} faults, all recovered); ` +
        `${scrapes.requests} scrapes at ${scrapes.perSecond}/s, p50 ${scrapes.p50Ms} ms, p99 ${scrapes.p99Ms} ms, ${scrapes.failures} failed; ` +
        `RSS ${figures.memory.rssBeforeMiB} -> ${figures.memory.rssAfterMiB} MiB (${figures.memory.rssGrowthSecondHalfMiB} MiB over the second half), ` +
        `heap ${figures.memory.heapBeforeMiB} -> ${figures.memory.heapAfterMiB} MiB`,
    );

    expect(scrapes.firstFailures).toEqual([]);
    expect(scrapes.failures).toBe(0);
    expect(scrapes.requests).toBeGreaterThan(0);
    expect(faulted.length).toBe(Math.floor(CYCLES / FAULT_EVERY));
    expect(faulted.every((cycle) => cycle.outcome === "audit failed; keeping the last good result" && cycle.recovered)).toBe(true);
    expect(audits.failure).toBeGreaterThanOrEqual(faulted.length);
    expect(up).toBe(1);
    expect(exit.code).toBe(0);
  });
});
