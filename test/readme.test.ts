import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditStore } from "../src/audit/index.js";
import { createProgram } from "../src/cli/index.js";
import { createMetrics } from "../src/metrics/index.js";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../src/simulator/index.js";
import { USAGE as BENCH_USAGE } from "../bench/parse-bench-options.js";
import { runCliCaptured } from "./fixtures/run-cli-captured.js";

// The README is the front door: what it shows must be what the tool does.
const readme = readFileSync("README.md", "utf8");
let state: SimulatorState;
let simulator: Simulator;

beforeAll(async () => {
  state = await loadSimulatorState("examples/authentik-state.json");
  simulator = await startSimulator({ state });
});
afterAll(async () => {
  await simulator.close();
});

function env(): Record<string, string> {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: state.tokens[0]?.key ?? "" };
}

describe("README", () => {
  it("shows the quick reference exactly as `report --baseline examples/access-groups.md` renders it", async () => {
    const shown = /<!-- readme:quick-reference:begin -->\n([\s\S]*?)<!-- readme:quick-reference:end -->/.exec(readme)?.[1];

    const run = await runCliCaptured(["report", "--baseline", "examples/access-groups.md"], env());

    expect(run.code).toBe(0);
    expect(shown).toBe(run.stdout);
  });

  it("shows `check` output lines that the demo state really produces", async () => {
    simulator.state = applyDemoDrift(state);
    const block = /```console\n\$ ak-access check\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";

    const actual = await runCliCaptured(["check"], { ...env(), AK_ACCESS_BASELINE: "examples/access-groups.md" });
    simulator.state = state;

    expect(actual.code).toBe(1);
    const shownLines = block.split("\n").filter((line) => line.trim() !== "" && line.trim() !== "...");
    expect(shownLines.length).toBeGreaterThan(10);
    const normalise = (text: string) =>
      text
        .replace(simulator.url, "https://auth.example.com")
        .replace(/at \S+Z$/, "at <time>")
        .replace("examples/access-groups.md", "access-groups.md");
    const actualLines = new Set(actual.stdout.split("\n").map(normalise));
    for (const line of shownLines) expect(actualLines, line).toContain(normalise(line));
  });

  it("names every command and every option of the command line", () => {
    const program = createProgram({ env: {}, stdout: { write: () => true }, stderr: { write: () => true }, now: () => new Date() });
    const options = (command: Command) => command.options.map((option) => option.long).filter((long): long is string => long !== undefined);

    const missing = [
      ...options(program).filter((long) => !["--version", "--help"].includes(long)),
      ...program.commands.flatMap((command) => [`ak-access ${command.name()}`, ...options(command)]),
    ].filter((name) => !readme.includes(name));

    expect(program.commands.map((command) => command.name())).toEqual(["serve", "check", "report", "snapshot", "access", "demo"]);
    expect(missing).toEqual([]);
  });

  it("lists every metric the service exports, by name", async () => {
    const registry = new Registry();
    createMetrics(registry, createAuditStore());

    const names = (await registry.getMetricsAsJSON())
      .map((metric) => metric.name)
      .filter((name) => !name.startsWith("ak_access_process_") && !name.startsWith("ak_access_nodejs_"));

    expect(names).toHaveLength(18);
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it("names every option of `npm run bench`", () => {
    const section = readme.slice(readme.indexOf("### Benchmark"));
    const options = [...BENCH_USAGE.matchAll(/^ {2}(--[a-z][a-z0-9-]*)/gm)].map((match) => match[1]);

    expect(options).toContain("--latency-ms");
    expect(options.filter((option) => !section.includes(`\`${option}`))).toEqual([]);
  });

  it("shows both first commands at the top", () => {
    const top = readme.slice(0, readme.indexOf("## "));

    expect(top).toContain("npm ci && npm run demo");
    expect(top).toContain("npm test");
  });
});
