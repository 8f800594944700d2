import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/config/index.js";
import { loadConfig } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { captureLogger } from "../fixtures/capture-logger.js";
import { FAST_FAILURE_ENV, FAULT_KINDS } from "../fixtures/fault-cases.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";
import { spawnCli } from "../fixtures/spawn-cli.js";

/**
 * Distinctive secrets (the authentik token, the HTTP token, a password in the URL) through every
 * command and every error path of the hardening suites: none may appear in stdout, stderr, a log
 * line, an HTTP response (body or headers), the metrics or a file written.
 */
const AK_TOKEN = "akSecretToken-9d41f7c2e8b3a6";
const HTTP_TOKEN = "httpSecretToken-3b7e1a9c5f2d";
const URL_PASSWORD = "urlSecretPassword-6a2c";
/** A malformed HTTP token the configuration must refuse without echoing it. */
const BAD_HTTP_TOKEN = "httpSecret!Malformed#77";
const SECRETS = [AK_TOKEN, HTTP_TOKEN, URL_PASSWORD, BAD_HTTP_TOKEN];
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../examples/access-groups.md", import.meta.url));

/** Every output seen: what produced it, and its text. */
const outputs: { what: string; text: string }[] = [];
let simulator: Simulator;
let dir: string;

function record(what: string, ...texts: string[]): void {
  for (const text of texts) outputs.push({ what, text });
}

function expectNoSecret(what: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${secret} in ${what}`).toBe(false);
}

function env(extra: Env = {}): Env {
  return {
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: AK_TOKEN,
    AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN,
    AK_ACCESS_BASELINE: EXAMPLE_RUNBOOK,
    AK_ACCESS_LOG_LEVEL: "debug",
    ...FAST_FAILURE_ENV,
    ...extra,
  };
}

async function cli(what: string, argv: string[], extra: Env = {}, files: string[] = []): Promise<number> {
  const run = await runCliCaptured(argv, env(extra));
  record(`${what}: stdout`, run.stdout);
  record(`${what}: stderr and logs`, run.stderr);
  for (const file of files) record(`${what}: ${file}`, readFileSync(file, "utf8"));
  return run.code;
}

beforeAll(async () => {
  const state = applyDemoDrift(await loadSimulatorState("examples/authentik-state.json"));
  state.tokens.push({ key: AK_TOKEN, user: "akadmin" });
  simulator = await startSimulator({ state });
  dir = mkdtempSync(join(tmpdir(), "ak-access-secrets-"));
});

afterAll(async () => {
  await simulator?.close();
});

describe("secrets sweep: the commands", () => {
  it("check, access, report and snapshot in every format, to stdout and to files", async () => {
    const snapshotFile = join(dir, "snap.json");
    const reportFile = join(dir, "report.md");
    const runbook = join(dir, "runbook.md");
    copyFileSync(EXAMPLE_RUNBOOK, runbook);

    const codes = [
      await cli("check text", ["check"]),
      await cli("check json", ["check", "--format", "json"]),
      await cli("check markdown", ["check", "--format", "markdown"]),
      await cli("access", ["access"]),
      await cli("access json", ["access", "--format", "json"]),
      await cli("access --user", ["access", "--user", "jodie"]),
      await cli("access --app", ["access", "--app", "jellyfin", "--format", "json"]),
      await cli("report", ["report", "--matrix", "--notices"]),
      await cli("report -o", ["report", "-o", reportFile], {}, [reportFile]),
      await cli("report --inject --check", ["report", "--inject", runbook, "--check"]),
      await cli("report --inject", ["report", "--inject", runbook], {}, [runbook]),
      await cli("snapshot", ["snapshot"]),
      await cli("snapshot -o", ["snapshot", "-o", snapshotFile], {}, [snapshotFile]),
      await cli("check --snapshot", ["--snapshot", snapshotFile, "check"]),
    ];

    expect(codes).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

describe("secrets sweep: the error paths", () => {
  it.each(FAULT_KINDS.map((kind) => [kind.name, kind] as const))("check while authentik answers with %s", async (_name, kind) => {
    simulator.clearFaults();
    simulator.addFault({ path: "/api/v3/core/groups/", page: 1, ...kind.fault });

    const code = await cli(`check under ${kind.name}`, ["check"]);
    simulator.clearFaults();

    expect(code).toBe(2);
  });

  it("configuration, connection, write and size errors", async () => {
    const withPassword = simulator.url.replace("http://", `http://admin:${URL_PASSWORD}@`);
    const codes = [
      await cli("password in AUTHENTIK_URL: check", ["check"], { AUTHENTIK_URL: withPassword }),
      await cli("password in AUTHENTIK_URL: snapshot", ["snapshot"], { AUTHENTIK_URL: withPassword }),
      await cli("password in AUTHENTIK_URL: serve", ["serve", "--listen", "127.0.0.1:0"], { AUTHENTIK_URL: withPassword }),
      await cli("password in AK_API", ["access"], { AUTHENTIK_URL: undefined, AK_API: `${withPassword}/api/v3` }),
      await cli("password in --url", ["report", "--url", withPassword]),
      await cli("malformed HTTP token", ["serve"], { AK_ACCESS_HTTP_TOKEN: BAD_HTTP_TOKEN }),
      await cli("rejected authentik token", ["check"], { AUTHENTIK_TOKEN: `${AK_TOKEN}-revoked` }),
      await cli("unreachable authentik", ["check"], { AUTHENTIK_URL: "http://127.0.0.1:9" }),
      await cli("write error", ["snapshot", "-o", join(dir, "missing", "snap.json")]),
      await cli("runbook too large", ["check"], { AK_ACCESS_MAX_RUNBOOK_BYTES: "1024" }),
      await cli("token file missing", ["check", "--token-file", join(dir, "no-token")]),
      await cli("unknown user", ["access", "--user", "nobody"]),
    ];

    expect(codes).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });
});

describe("secrets sweep: the service", () => {
  it("every route, with and without the token, during a fault and after, and the metrics and logs", async () => {
    const { logger, lines } = captureLogger();
    const service = await startService(loadConfig({ ...env(), AK_ACCESS_LISTEN: "127.0.0.1:0", AK_ACCESS_SCHEDULE: "0 0 1 1 *" }), {
      logger,
      refreshMinIntervalMs: 0,
    });
    await service.firstAudit;
    const get = async (what: string, path: string, options: { method?: string; authorization?: string | null; host?: string } = {}) => {
      const authorization = options.authorization === undefined ? `Bearer ${HTTP_TOKEN}` : options.authorization;
      const response = await request(`${service.url}${path}`, {
        method: (options.method ?? "GET") as "GET",
        headers: { ...(authorization === null ? {} : { authorization }), ...(options.host ? { host: options.host } : {}) },
      });
      record(`HTTP ${what} ${path}`, JSON.stringify(response.headers), await response.body.text());
      return response.statusCode;
    };
    const routes = [
      "/",
      "/metrics",
      "/report.md",
      "/runbook.md",
      "/diff",
      "/diff.md",
      "/snapshot.json",
      "/access.json",
      "/healthz",
      "/readyz",
    ];

    const statuses: number[] = [];
    for (const path of routes) statuses.push(await get("with the token", path), await get("anonymous", path, { authorization: null }));
    for (const path of routes) statuses.push(await get("wrong token", path, { authorization: `Bearer ${HTTP_TOKEN.slice(0, -2)}` }));
    simulator.addFault({ path: "/api/v3/core/users/", status: 500, body: { detail: "database unavailable" } });
    statuses.push(await get("refresh during a fault", "/-/refresh", { method: "POST" }));
    for (const path of ["/readyz", "/metrics", "/"]) statuses.push(await get("during a fault", path));
    simulator.clearFaults();
    statuses.push(await get("refresh", "/-/refresh", { method: "POST" }));
    statuses.push(await get("GET refresh", "/-/refresh"), await get("unknown route", "/nope"));
    statuses.push(await get("rebinding", "/diff", { host: "attacker.example" }));
    await service.stop();
    record("service logs", ...lines);

    expect(statuses.filter((status) => status === 401)).toHaveLength(8 * 2);
    expect(statuses.slice(-8)).toEqual([502, 200, 200, 200, 200, 405, 404, 403]);
  });

  it("serve as a process at debug level: start-up, a failed and a good audit, shutdown", { timeout: 60_000 }, async () => {
    const settings = Object.entries(env({ AK_ACCESS_LISTEN: "127.0.0.1:0", AK_ACCESS_SCHEDULE: "* * * * * *" }));
    const child = spawnCli(["serve"], Object.fromEntries(settings.filter((entry): entry is [string, string] => entry[1] !== undefined)));
    const serving = await child.waitForLog("ak-access serving", 20_000);
    await child.waitForLog("audit finished", 20_000);
    simulator.addFault({ path: "/api/v3/core/groups/", status: 503, times: 4 });
    await child.waitForLog("audit failed; keeping the last good result", 20_000);
    simulator.clearFaults();
    const response = await request(`${String(serving.url)}/metrics`, { headers: { authorization: `Bearer ${HTTP_TOKEN}` } });
    record("serve process: /metrics", await response.body.text());
    child.signal("SIGTERM");
    const exit = await child.waitForExit(30_000);
    record("serve process: stdout", child.stdout());
    record("serve process: stderr", child.stderr());

    expect(exit.code).toBe(0);
    expect(child.logLines().some((line) => line.level === 20 && line.msg === "authentik request")).toBe(true);
  });
});

describe("secrets sweep: the tally", () => {
  it("no secret in any output", () => {
    for (const { what, text } of outputs) expectNoSecret(what, text);
    const checks = outputs.length * SECRETS.length;

    expect(outputs.length).toBeGreaterThan(100);
    console.info(`secrets sweep: ${checks} checks (${outputs.length} outputs x ${SECRETS.length} secrets), none found`);
  });
});
