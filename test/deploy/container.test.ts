import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { eventually, startBackground } from "../fixtures/background-process.js";
import type { BackgroundProcess } from "../fixtures/background-process.js";
import { freePort } from "../fixtures/free-port.js";
import { envOf, execForm, parseDockerfile } from "./parse-dockerfile.js";
import type { Stage } from "./parse-dockerfile.js";

// There is no Docker engine here, so the image is assembled the way the Dockerfile's stages assemble
// it: production dependencies from `npm ci --omit=dev` in a copy, dist/ as `npm run build` makes it
// (the suite's global setup), the files its COPY lines name. Then its ENTRYPOINT + CMD run with its ENV
// (the listen port changed), and its HEALTHCHECK command must follow AK_ACCESS_LISTEN. The base
// image, `USER node` and the build itself are not exercised.
const stages = parseDockerfile(readFileSync("Dockerfile", "utf8"));
const final = stages.at(-1) as Stage;
const HTTP_TOKEN = "container-test-token";
const DEADLINE_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), "ak-access-container-"));
const app = join(dir, "app");
let simulator: Simulator;
let server: BackgroundProcess;
let env: Record<string, string>;
let port: number;

function node(args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, { cwd: app, env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 30_000 });
}

beforeAll(async () => {
  // The deps stage: its own RUN line, from the npm cache CI's `npm ci` filled.
  const deps = stages.find((stage) => stage.name === "deps");
  const install = deps?.instructions.find((instruction) => instruction.keyword === "RUN")?.args ?? "";
  expect(install).toMatch(/^npm ci --omit=dev\b/);
  mkdirSync(join(dir, "deps"));
  for (const file of ["package.json", "package-lock.json"]) cpSync(file, join(dir, "deps", file));
  const npm = spawnSync("npm", [...install.split(/\s+/).slice(1), "--prefer-offline"], {
    cwd: join(dir, "deps"),
    encoding: "utf8",
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}` },
  });
  if (npm.status !== 0) throw new Error(`${install} failed:\n${npm.stdout}${npm.stderr}`);

  // The final stage's COPY lines.
  mkdirSync(app);
  for (const copy of final.instructions.filter((instruction) => instruction.keyword === "COPY")) {
    const parts = copy.args.split(/\s+/);
    const from = parts[0]?.startsWith("--from=") ? parts.shift()?.slice("--from=".length) : null;
    const [source = "", target = ""] = parts;
    // `COPY package.json ./` copies into the directory; `COPY templates ./templates` names the copy.
    const destination = target.endsWith("/") ? join(app, target, basename(source)) : join(app, target);
    if (from === "deps") renameSync(join(dir, "deps", source.replace(/^\/app\//, "")), destination);
    else if (from === "build") cpSync(source.replace(/^\/app\//, ""), destination, { recursive: true });
    else cpSync(source, destination, { recursive: true });
  }

  const state = await loadSimulatorState("examples/authentik-state.json");
  simulator = await startSimulator({ state });
  writeFileSync(join(dir, "ak_token"), state.tokens[0]?.key ?? "", { mode: 0o600 });
  mkdirSync(join(dir, "data"));
  cpSync("examples/access-groups.md", join(dir, "data", "access-groups.md"));
  port = await freePort();
  env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...envOf(final),
    AK_ACCESS_LISTEN: `0.0.0.0:${port}`,
    AK_ACCESS_BASELINE: join(dir, "data", "access-groups.md"),
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN_FILE: join(dir, "ak_token"),
    AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN,
  };
  const [command, ...args] = [...execForm(final, "ENTRYPOINT"), ...execForm(final, "CMD")];
  expect(command).toBe("node");
  server = startBackground(process.execPath, args, { cwd: app, env });
}, 4 * DEADLINE_MS);

afterAll(async () => {
  await server?.stop();
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the Dockerfile's image, assembled without Docker", () => {
  it("holds production dependencies only", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };

    const present = (name: string) => existsSync(join(app, "node_modules", name, "package.json"));

    expect(Object.keys(pkg.dependencies).filter((name) => !present(name))).toEqual([]);
    expect(Object.keys(pkg.devDependencies).filter(present)).toEqual([]);
    expect(envOf(final)).toEqual({
      NODE_ENV: "production",
      AK_ACCESS_LISTEN: "0.0.0.0:9851",
      AK_ACCESS_BASELINE: "/data/access-groups.md",
    });
  });

  it(
    "starts with its ENTRYPOINT and CMD, audits, and answers its HEALTHCHECK on the port AK_ACCESS_LISTEN names",
    async () => {
      const healthcheck = execForm(final, "HEALTHCHECK");

      const healthy = await eventually(
        "a passing HEALTHCHECK",
        async () => {
          if (server.child.exitCode !== null) throw new Error(`the server exited ${server.child.exitCode}`);
          const result = node(healthcheck.slice(1));
          return result.status === 0 ? result : undefined;
        },
        { deadlineMs: DEADLINE_MS, context: server.output },
      );
      const ready = await eventually(
        "ready",
        async () => {
          // The details need the token; without it /readyz says ready or not, nothing more.
          const response = await fetch(`http://127.0.0.1:${port}/readyz`, { headers: { authorization: `Bearer ${HTTP_TOKEN}` } });
          return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
        },
        { deadlineMs: DEADLINE_MS, context: server.output },
      );
      const metrics = await (
        await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${HTTP_TOKEN}` } })
      ).text();

      expect(healthcheck).toEqual(["node", "healthcheck.mjs"]);
      expect(healthy.status).toBe(0);
      expect(ready).toMatchObject({ ready: true, up: true, baselineValid: true });
      expect(metrics).toMatch(/^ak_access_up 1$/m);
      expect(metrics).toMatch(/^ak_access_snapshot_complete 1$/m);
    },
    3 * DEADLINE_MS,
  );

  it("fails its HEALTHCHECK when nothing listens where AK_ACCESS_LISTEN says, or it says nonsense", async () => {
    const elsewhere = await freePort();

    const wrongPort = node(["healthcheck.mjs"], { AK_ACCESS_LISTEN: `0.0.0.0:${elsewhere}` });
    const nonsense = node(["healthcheck.mjs"], { AK_ACCESS_LISTEN: "nowhere" });
    const loopback = node(["healthcheck.mjs"], { AK_ACCESS_LISTEN: `127.0.0.1:${port}` });

    expect(wrongPort.status).toBe(1);
    expect(nonsense.status).toBe(1);
    expect(nonsense.stderr).toContain("AK_ACCESS_LISTEN=nowhere is not host:port");
    expect(loopback.status).toBe(0);
  });

  it("stops cleanly on SIGTERM, as `docker stop` sends it", async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once("exit", (code) => resolve(code)));

    server.child.kill("SIGTERM");

    expect(await exited).toBe(0);
  });
});
