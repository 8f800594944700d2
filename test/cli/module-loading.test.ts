import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { spawnCli } from "../fixtures/spawn-cli.js";
import type { CliProcess } from "../fixtures/spawn-cli.js";

// Generous, because a loaded machine is slow; nothing here asserts how fast anything happens.
const TIMEOUT_MS = 20_000;
const REGISTER = fileURLToPath(new URL("../fixtures/module-log/register.mjs", import.meta.url));
const DIST = new URL("../../dist/", import.meta.url).href;
const BASELINE = "examples/access-groups.md";

let simulator: Simulator;
let token: string;
let dir: string;
const children: CliProcess[] = [];

beforeAll(async () => {
  const state = await loadSimulatorState("examples/authentik-state.json");
  token = state.tokens[0]?.key ?? "";
  simulator = await startSimulator({ state });
  dir = mkdtempSync(join(tmpdir(), "ak-access-modules-"));
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});
afterAll(async () => {
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `ak-access ...args` with every module it loads written to a log; the log is read once it has exited. */
function spawnLogged(name: string, args: string[], env: Record<string, string> = {}): { cli: CliProcess; modules: () => Set<string> } {
  const log = join(dir, `${name}.log`);
  const cli = spawnCli(args, { ...env, NODE_OPTIONS: `--import=${REGISTER}`, AK_ACCESS_TEST_MODULE_LOG: log });
  children.push(cli);
  return { cli, modules: () => new Set(readFileSync(log, "utf8").split("\n").filter(Boolean)) };
}

/** Our own modules from dist/, as paths below it ("simulator/start-simulator.js"). */
function ours(modules: Set<string>): string[] {
  return [...modules].filter((url) => url.startsWith(DIST)).map((url) => url.slice(DIST.length));
}

/** The npm packages loaded, by name. */
function packages(modules: Set<string>): string[] {
  const names = [...modules].flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []);
  return [...new Set(names)].sort();
}

describe("cli/modules each command loads", () => {
  it("--version loads the CLI's registration files and commander, nothing else", async () => {
    const { cli, modules } = spawnLogged("version", ["--version"]);

    const exit = await cli.waitForExit(TIMEOUT_MS);

    expect(exit.code).toBe(0);
    expect(packages(modules())).toEqual(["commander"]);
    expect(ours(modules()).filter((path) => path.startsWith("simulator/"))).toEqual([]);
    expect(ours(modules())).toContain("cli/run-cli.js");
  });

  it("check --snapshot audits offline without the simulator, the HTTP server, the authentik client or its schemas", async () => {
    const snapshotFile = join(dir, "snapshot.json");
    const snapshot = spawnCli(["snapshot", "-o", snapshotFile], { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: token });
    children.push(snapshot);
    expect((await snapshot.waitForExit(TIMEOUT_MS)).code).toBe(0);
    const { cli, modules } = spawnLogged("check", ["check", "--snapshot", snapshotFile, "--baseline", BASELINE]);

    const exit = await cli.waitForExit(TIMEOUT_MS);

    expect(exit.code).toBe(0);
    expect(ours(modules()).filter((path) => path.startsWith("simulator/") || path.startsWith("http/"))).toEqual([]);
    expect(packages(modules())).not.toContain("hono");
    expect(packages(modules())).not.toContain("undici");
    // The client's schemas (zod) and its logger load only when authentik is read.
    expect(packages(modules())).not.toContain("zod");
    expect(packages(modules())).not.toContain("pino");
    expect(ours(modules()).filter((path) => path.startsWith("authentik/"))).toEqual([]);
    expect(ours(modules())).toContain("cli/commands/run-check.js");
  });

  it("serve audits authentik and answers without loading the simulator", async () => {
    const { cli, modules } = spawnLogged("serve", ["serve"], {
      AUTHENTIK_URL: simulator.url,
      AUTHENTIK_TOKEN: token,
      AK_ACCESS_BASELINE: BASELINE,
      AK_ACCESS_LISTEN: "127.0.0.1:0",
    });
    const serving = await cli.waitForLog("ak-access serving", TIMEOUT_MS);
    await cli.waitForLog("audit finished", TIMEOUT_MS);
    const overview = await fetch(`${String(serving.url)}/`);
    await overview.arrayBuffer();

    cli.signal("SIGTERM");
    const exit = await cli.waitForExit(TIMEOUT_MS);

    expect(overview.status).toBe(200);
    expect(exit.code).toBe(0);
    expect(ours(modules()).filter((path) => path.startsWith("simulator/"))).toEqual([]);
    expect(ours(modules())).toEqual(expect.arrayContaining(["main.js", "http/index.js"]));
    expect(packages(modules())).toEqual(expect.arrayContaining(["hono", "undici"]));
  });

  it("demo is the command that loads the simulator", async () => {
    const { cli, modules } = spawnLogged("demo", ["demo", "--listen", "127.0.0.1:0"]);
    await cli.waitForStdout(/Press Ctrl-C to stop\.\n$/, TIMEOUT_MS);

    cli.signal("SIGTERM");
    const exit = await cli.waitForExit(TIMEOUT_MS);

    expect(exit.code).toBe(0);
    expect(ours(modules())).toEqual(expect.arrayContaining(["simulator/index.js", "simulator/start-simulator.js"]));
  });
});
