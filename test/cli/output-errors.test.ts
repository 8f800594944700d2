import { spawn, spawnSync } from "node:child_process";
import type { SpawnSyncReturns } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import type { Env } from "../../src/config/index.js";
import {
  applyDemoDrift,
  generateSimulatorState,
  generatedAdminToken,
  loadSimulatorState,
  startSimulator,
} from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const EXAMPLE_STATE = fileURLToPath(new URL("../../examples/authentik-state.json", import.meta.url));
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../examples/access-groups.md", import.meta.url));
// Permissions do not stop root: as root, the commands that must meet a read-only directory run as nobody.
const AS_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let documented: SimulatorState;
let token: string;
let simulator: Simulator;
let dir: string;
/** A snapshot of the demo drift, for offline runs. */
let driftSnapshot: string;
/** A snapshot of a tenant with 3,000 users: `access` prints far more than a pipe holds. */
let largeSnapshot: string;

beforeAll(async () => {
  documented = await loadSimulatorState(EXAMPLE_STATE);
  token = documented.tokens[0]?.key ?? "";
  simulator = await startSimulator({ state: applyDemoDrift(structuredClone(documented)) });
  const shared = mkdtempSync(join(tmpdir(), "ak-access-output-"));
  chmodSync(shared, 0o755);
  driftSnapshot = join(shared, "drift.json");
  largeSnapshot = join(shared, "large.json");
  expect((await runCliCaptured(["snapshot", "-o", driftSnapshot], live())).code).toBe(0);
  const large = await startSimulator({ state: generateSimulatorState({ users: 3_000, groups: 100, applications: 60, bindings: 120 }) });
  const saved = await runCliCaptured(["snapshot", "-o", largeSnapshot], { AUTHENTIK_URL: large.url, AUTHENTIK_TOKEN: generatedAdminToken });
  await large.close();
  expect(saved.code).toBe(0);
});
beforeEach(() => {
  simulator.setState(applyDemoDrift(structuredClone(documented)));
  simulator.clearFaults();
  dir = mkdtempSync(join(tmpdir(), "ak-access-output-"));
  chmodSync(dir, 0o755);
});
afterAll(async () => {
  await simulator.close();
});

function live(extra: Env = {}): Env {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: token, AK_ACCESS_BASELINE: EXAMPLE_RUNBOOK, ...extra };
}

/** The built CLI, its environment limited to PATH and NO_COLOR. */
function cli(args: string[], options: { user?: boolean } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1" },
    encoding: "utf8",
    ...(options.user ? AS_USER : {}),
  });
}

/** A directory nobody may write to (the test's files in it stay readable). */
function readOnlyDirectory(files: Record<string, string> = {}): string {
  const path = join(dir, "read-only");
  mkdirSync(path);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text, { mode: 0o644 });
  chmodSync(path, 0o555);
  return path;
}

describe("cli: a reader that goes away", () => {
  it.each([
    ["access", ["access"], 0],
    ["check", ["check", "--baseline", EXAMPLE_RUNBOOK], 1],
  ])("%s into a closed pipe exits quietly with its own exit code", async (_name, args, code) => {
    const child = spawn(process.execPath, [CLI, "--snapshot", largeSnapshot, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The reading end is gone before the command writes a byte.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

    const exitCode = await new Promise<number | null>((resolve) => child.once("close", (status) => resolve(status)));

    expect(stderr).toBe("");
    expect(exitCode).toBe(code);
  });

  it("`access | head -1` prints one line and no stack trace; the command's own exit code is 0", () => {
    const run = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${CLI}" --snapshot "${largeSnapshot}" access 2>"${dir}/stderr" | head -1; echo "exit \${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1" }, encoding: "utf8" },
    );

    expect(run.stdout.split("\n")).toEqual([expect.stringMatching(/^\S.* \(\S+\)$/), "exit 0", ""]);
    expect(readFileSync(join(dir, "stderr"), "utf8")).toBe("");
  });
});

describe("cli: write errors name the user's path and the reason, in one line", () => {
  it("snapshot -o into a directory that does not exist", async () => {
    const target = join(dir, "no-such-dir", "x.json");

    const run = await runCliCaptured(["--snapshot", driftSnapshot, "snapshot", "-o", target], {});

    expect(run).toEqual({ code: 2, stdout: "", stderr: `ak-access: cannot write ${target}: ENOENT (its directory does not exist)\n` });
  });

  it("report -o into a read-only directory", () => {
    const target = join(readOnlyDirectory(), "quick-reference.md");

    const run = cli(["--snapshot", driftSnapshot, "report", "-o", target], { user: true });

    expect(run.stderr).toBe(`ak-access: cannot write ${target}: EACCES (permission denied)\n`);
    expect(run.status).toBe(2);
  });

  it("report --inject into a read-only directory leaves the runbook as it was", () => {
    const original = readFileSync(EXAMPLE_RUNBOOK, "utf8");
    const folder = readOnlyDirectory({ "access-groups.md": original });
    const runbook = join(folder, "access-groups.md");

    const run = cli(["--snapshot", driftSnapshot, "report", "--inject", runbook], { user: true });

    expect(run.stderr).toBe(`ak-access: cannot write ${runbook}: EACCES (permission denied)\n`);
    expect(run.status).toBe(2);
    expect(readFileSync(runbook, "utf8")).toBe(original);
    expect(readdirSync(folder)).toEqual(["access-groups.md"]);
  });

  it("report --inject on a runbook edited while authentik was read writes nothing and says so", async () => {
    const runbook = join(dir, "access-groups.md");
    copyFileSync(EXAMPLE_RUNBOOK, runbook);
    const edited = `${readFileSync(runbook, "utf8")}\nAn edit made meanwhile.\n`;
    simulator.addFault({ path: "/api/v3/admin/version/", delayMs: 600, times: 1 });
    const since = simulator.requests.length;

    const running = runCliCaptured(["report", "--inject", runbook], live());
    while (!simulator.requests.slice(since).some((request) => request.path === "/api/v3/admin/version/")) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    writeFileSync(runbook, edited);
    const run = await running;

    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `ak-access: ${runbook} changed while its tables were regenerated; nothing was written (run the command again)\n`,
    });
    expect(readFileSync(runbook, "utf8")).toBe(edited);
    expect(readdirSync(dir)).toEqual(["access-groups.md"]);
  });
});

describe("cli: configuration and connection errors", () => {
  it.each([
    ["AUTHENTIK_URL", { AUTHENTIK_URL: "http://admin:SECRETPW@auth.example.com" }],
    ["AK_API", { AUTHENTIK_URL: undefined, AK_API: "https://admin:SECRETPW@auth.example.com/api/v3" }],
  ])("never echoes a password given in %s", async (_key, extra) => {
    const run = await runCliCaptured(["check"], live(extra));

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("[redacted]@auth.example.com");
    expect(run.stderr).not.toContain("SECRETPW");
    expect(run.stderr).not.toContain("admin:");
  });

  it("on a terminal, an unreachable host is one line: no retry logs first", async () => {
    let stderr = "";
    const terminal = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          stderr += chunk.toString("utf8");
          done();
        },
      }),
      { isTTY: true },
    );

    const code = await runCli(["check"], {
      env: {
        AUTHENTIK_URL: "http://127.0.0.1:9",
        AUTHENTIK_TOKEN: token,
        AK_ACCESS_BASELINE: EXAMPLE_RUNBOOK,
        AK_ACCESS_RETRY_DELAY_MS: "20",
      },
      stdout: { write: () => true },
      stderr: terminal,
      now: () => new Date(),
    });

    expect(code).toBe(2);
    expect(stderr).toBe(
      "ak-access: GET /admin/version/: cannot reach http://127.0.0.1:9: connection refused: is authentik running and is the URL right?\n",
    );
  });
});

describe("cli: the runbook's size is bounded", () => {
  it.each([
    ["check", (file: string) => ["check", "--baseline", file]],
    ["report", (file: string) => ["report", "--baseline", file]],
    ["report --inject", (file: string) => ["report", "--inject", file]],
  ])("%s refuses a runbook over the limit before parsing it, naming the file and the limit", async (_name, args) => {
    const file = join(dir, "huge.md");
    writeFileSync(file, `${readFileSync(EXAMPLE_RUNBOOK, "utf8")}\n${"| padding | row |\n".repeat(80_000)}`);
    const size = readFileSync(file).length;

    const run = await runCliCaptured(["--snapshot", driftSnapshot, ...args(file)], { AK_ACCESS_MAX_RUNBOOK_BYTES: "1048576" });

    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `ak-access: ${file}: the runbook is ${size} bytes, more than the limit of 1048576 bytes (AK_ACCESS_MAX_RUNBOOK_BYTES / --max-runbook-bytes)\n`,
    });
  });

  it("takes the limit from --max-runbook-bytes", async () => {
    const run = await runCliCaptured(
      ["--snapshot", driftSnapshot, "--max-runbook-bytes", "2048", "check", "--baseline", EXAMPLE_RUNBOOK],
      {},
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `ak-access: ${EXAMPLE_RUNBOOK}: the runbook is 3817 bytes, more than the limit of 2048 bytes (AK_ACCESS_MAX_RUNBOOK_BYTES / --max-runbook-bytes)\n`,
    );
  });
});
