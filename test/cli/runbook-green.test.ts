import { copyFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/config/index.js";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

const EXAMPLE_STATE = fileURLToPath(new URL("../../examples/authentik-state.json", import.meta.url));
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../examples/access-groups.md", import.meta.url));
const SEED_RUNBOOK = fileURLToPath(new URL("../../../shared/seed/access-groups-runbook.md", import.meta.url));
const hasSeed = existsSync(SEED_RUNBOOK);
const RUNBOOKS = [
  { runbook: "the example runbook", file: EXAMPLE_RUNBOOK, present: true, skipped: "" },
  { runbook: "the user's seed runbook", file: SEED_RUNBOOK, present: hasSeed, skipped: " (skipped: ../shared/seed is absent)" },
];

let simulator: Simulator;
let env: Env;

beforeAll(async () => {
  // The example tenant is the seed runbook's documented state.
  const state = await loadSimulatorState(EXAMPLE_STATE);
  simulator = await startSimulator({ state });
  env = { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: state.tokens[0]?.key ?? "" };
});
afterAll(async () => {
  await simulator.close();
});

describe.each(RUNBOOKS)("a tenant in sync with $runbook checks green", ({ file, present, skipped }) => {
  it.skipIf(!present)(`report --inject --check passes before and after --inject, and check exits 0${skipped}`, async () => {
    const copy = join(mkdtempSync(join(tmpdir(), "ak-access-green-")), "runbook.md");
    copyFileSync(file, copy);
    const original = readFileSync(copy, "utf8");

    // A placeholder such as *(existing)* already says what authentik has: not stale.
    const before = await runCliCaptured(["report", "--inject", copy, "--check"], env);
    const inject = await runCliCaptured(["report", "--inject", copy], env);
    const after = await runCliCaptured(["report", "--inject", copy, "--check"], env);
    const check = await runCliCaptured(["check", "--baseline", copy, "--format", "json"], env);

    expect(before.code).toBe(0);
    expect(before.stdout).toBe("");
    expect(inject.code).toBe(0);
    expect(inject.stderr).toContain("already up to date");
    expect(readFileSync(copy, "utf8")).toBe(original);
    expect(after.code).toBe(0);
    expect(check.code).toBe(0);
    const result = JSON.parse(check.stdout) as {
      inSync: boolean;
      accessChanges: unknown[];
      summary: { warning: number; critical: number };
    };
    expect(result).toMatchObject({ inSync: true, accessChanges: [], summary: { warning: 0, critical: 0 } });
  });

  it.skipIf(!present)(`--check --strict compares bytes, and a stale table fails --check with a diff${skipped}`, async () => {
    const copy = join(mkdtempSync(join(tmpdir(), "ak-access-green-")), "runbook.md");
    copyFileSync(file, copy);
    simulator.state.groups.find((group) => group.name === "media-users")?.members?.push("matt");

    const stale = await runCliCaptured(["report", "--inject", copy, "--check"], env);
    const strict = await runCliCaptured(["report", "--inject", copy, "--check", "--strict"], env);
    simulator.state.groups.find((group) => group.name === "media-users")?.members?.pop();

    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("-| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie |");
    expect(stale.stdout).toContain("+| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie, matt |");
    expect(strict.code).toBe(1);
  });
});
