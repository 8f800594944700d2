import { existsSync, readFileSync } from "node:fs";
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
    // The README's example times: the drifts logged 26, 5 and 2 hours before this.
    simulator.state = applyDemoDrift(state, { now: new Date("2026-12-01T16:02:00Z") });
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
      ...program.commands.flatMap((command) =>
        command.commands.flatMap((sub) => [`ak-access ${command.name()} ${sub.name()}`, ...options(sub)]),
      ),
    ].filter((name) => !readme.includes(name));

    expect(program.commands.map((command) => command.name())).toEqual([
      "serve",
      "check",
      "report",
      "snapshot",
      "access",
      "verify",
      "demo",
      "group",
      "member",
      "bind",
      "unbind",
      "plan",
      "apply",
    ]);
    expect(missing).toEqual([]);
  });

  it("shows the output the procedure commands, plan and apply really give, run in order on the example tenant", async () => {
    const commands = new Set(["group", "member", "bind", "unbind", "plan", "apply"]);
    const section = readme.slice(readme.indexOf("## Changing authentik"), readme.indexOf("## The service"));
    const blocks = [...section.matchAll(/```console\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    const runs = blocks.flatMap((block) =>
      block
        .split(/^(?=\$ ak-access )/m)
        .filter((part) => part.startsWith("$ ak-access "))
        .map((part) => {
          const [command = "", ...output] = part.split("\n");
          return { argv: command.slice("$ ak-access ".length).split(" "), shown: output.join("\n") };
        }),
    );
    const known = new Set(JSON.stringify(state).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
    const fresh = new Map<string, string>();
    // New pks differ on every run: each one becomes <new N>, numbered by its first appearance, in both texts.
    const normalise = (text: string, pks: Map<string, string>) =>
      text
        .replaceAll(simulator.url, "https://auth.example.com")
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (pk) => {
          if (known.has(pk)) return pk;
          if (!pks.has(pk)) pks.set(pk, `<new ${pks.size + 1}>`);
          return pks.get(pk) ?? pk;
        });
    const shownPks = new Map<string, string>();
    simulator.state = structuredClone(state);

    expect(runs.map((run) => run.argv[0])).toEqual(["group", "member", "bind", "bind", "member", "unbind", "group", "plan", "apply"]);
    for (const { argv, shown } of runs) {
      expect(commands.has(argv[0] ?? "")).toBe(true);
      const run = await runCliCaptured(argv, { ...env(), AK_ACCESS_BASELINE: "examples/access-groups.md" });
      const actual = normalise(run.stdout + run.stderr, fresh)
        .trimEnd()
        .split("\n");
      const expected = normalise(shown, shownPks).trimEnd().split("\n");
      if (expected.includes("...")) {
        // An elided block: the lines shown appear in this order.
        let at = 0;
        for (const line of expected.filter((candidate) => candidate !== "...")) {
          at = actual.indexOf(line, at);
          expect(at, `${argv.join(" ")}: ${line}`).toBeGreaterThanOrEqual(0);
        }
      } else {
        expect(actual, argv.join(" ")).toEqual(expected);
      }
    }
    simulator.state = structuredClone(state);
  });

  it("lists every metric the service exports, by name", async () => {
    const { live, audit } = await createMetrics(new Registry(), createAuditStore()).scrape();

    const names = [...`${live}${audit}`.matchAll(/^# TYPE (\S+) /gm)]
      .map((match) => match[1] ?? "")
      .filter((name) => !name.startsWith("ak_access_process_") && !name.startsWith("ak_access_nodejs_"));

    expect(names).toHaveLength(25);
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it("links the three deployment paths, and every deploy/ and scripts/ path it names exists", () => {
    const section = readme.slice(readme.indexOf("## Deploying it"), readme.indexOf("## How authentik really decides access"));
    const named = [...readme.matchAll(/\b((?:deploy|scripts)\/[\w./-]*\w)/g)].map((match) => match[1] ?? "");

    expect(section).toContain("### Docker Compose");
    expect(section).toContain("### Kubernetes");
    expect(section).toContain("### npx or the npm package");
    expect(section).toContain("](deploy/compose/README.md)");
    expect(section).toContain("](deploy/kubernetes/README.md)");
    expect(section).toContain("docker compose up -d --build");
    expect(section).toContain("kubectl apply -k");
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((path) => !existsSync(path))).toEqual([]);
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
