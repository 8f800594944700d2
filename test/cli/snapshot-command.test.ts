import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";
import { ADMIN_TOKEN, smallState } from "../fixtures/small-state.js";

let simulator: Simulator;
const dir = mkdtempSync(join(tmpdir(), "ak-access-cli-"));

beforeAll(async () => {
  simulator = await startSimulator({ state: smallState(3) });
});
afterEach(() => {
  simulator.clearFaults();
});
afterAll(async () => {
  await simulator.close();
});

describe("cli snapshot", () => {
  it("prints the live snapshot as JSON", async () => {
    const run = await runCliCaptured(["snapshot"], { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: ADMIN_TOKEN });

    expect(run).toMatchObject({ code: 0, stderr: "" });
    const snapshot = JSON.parse(run.stdout) as { users: { username: string }[]; takenAt: string };
    expect(snapshot.takenAt).toBe("2026-11-28T12:00:00.000Z");
    expect(snapshot.users.map((u) => u.username)).toEqual(["akadmin", "user0000", "user0001", "user0002"]);
    expect(run.stdout).not.toContain(ADMIN_TOKEN);
  });

  it("writes --output FILE, which --snapshot FILE reads back offline to the same bytes", async () => {
    const file = join(dir, "snap.json");
    const tokenFile = join(dir, "token");
    writeFileSync(tokenFile, `${ADMIN_TOKEN}\n`);

    const saved = await runCliCaptured(["--url", `${simulator.url}/api/v3`, "--token-file", tokenFile, "snapshot", "--output", file], {});
    const offline = await runCliCaptured(["--snapshot", file, "snapshot"], {});

    expect(saved).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toBe(readFileSync(file, "utf8"));
  });

  it.each([
    [
      "a wrong URL",
      () => ({ AUTHENTIK_URL: `${simulator.url}/not-authentik`, AUTHENTIK_TOKEN: ADMIN_TOKEN }),
      /^ak-access: GET \/admin\/version\/ answered 404 Not Found: "Not found."; is http:\/\/127\.0\.0\.1:\d+\/not-authentik the authentik base URL\?\n$/,
    ],
    [
      "a refused connection",
      () => ({ AUTHENTIK_URL: "http://127.0.0.1:9", AUTHENTIK_TOKEN: ADMIN_TOKEN }),
      /^ak-access: GET \/admin\/version\/: cannot reach http:\/\/127\.0\.0\.1:9: connection refused: is authentik running and is the URL right\?\n$/,
    ],
    [
      "a bad token",
      () => ({ AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: "expired-token" }),
      /^ak-access: GET \/admin\/version\/ answered 403 Forbidden: "Token invalid\/expired"; the token is invalid, expired or lacks permission .*\n$/,
    ],
    [
      "no URL",
      () => ({ AUTHENTIK_TOKEN: ADMIN_TOKEN }),
      /^ak-access: authentik is not configured:\n {2}AUTHENTIK_URL \(or AK_API, or --url\) is not set: expected the authentik base URL\n {2}\(or pass --snapshot FILE to work offline from a saved snapshot\)\n$/,
    ],
  ])("fails with exit code 2 and one clear message for %s", async (_case, env, message) => {
    const run = await runCliCaptured(["snapshot"], { ...env(), AK_ACCESS_TIMEOUT_MS: "2000" });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain(ADMIN_TOKEN);
  });

  it("fails with one clear message on a timeout", async () => {
    simulator.addFault({ path: "/api/v3/core/users/me/", delayMs: 1_000 });

    const run = await runCliCaptured(["--timeout-ms", "200", "snapshot"], { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: ADMIN_TOKEN });

    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "ak-access: GET /core/users/me/ timed out after 200 ms (AK_ACCESS_TIMEOUT_MS / --timeout-ms)\n",
    });
  });

  it("rejects a saved snapshot that is not one, naming the file and the field", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, takenAt: "yesterday" }));

    const run = await runCliCaptured(["--snapshot", file, "snapshot"], {});

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${file}: not a valid ak-access snapshot (schemaVersion 1): takenAt: expected an ISO 8601 date-time with a time zone, got "yesterday"`,
    );
  });

  it("shows help for the command with exit code 0", async () => {
    const run = await runCliCaptured(["snapshot", "--help"], {});

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: ak-access snapshot [options]");
    expect(run.stdout).toContain("-o, --output <file>");
  });

  it("exits 2 on an unknown option", async () => {
    const run = await runCliCaptured(["snapshot", "--bogus"], {});

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--bogus'");
  });
});
