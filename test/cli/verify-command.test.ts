import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { adminToken, conformanceState, ids, viewerToken } from "../simulator/fixtures.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

/** The conformance tenant's clock: after its expired binding's `expires`. */
const NOW = new Date("2026-08-15T12:00:00.000Z");

interface VerifyJson {
  agree: boolean;
  checked: number;
  agreements: number;
  disagreements: Pair[];
  resolved: Pair[];
  sample: { seed: number; reasons: Record<string, number> };
}

interface Pair {
  username: string;
  slug: string;
  active: boolean;
  reasons: string[];
  model: { result: string; via: string[] };
  authentik: { passing: boolean; messages: string[] };
}

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ state: conformanceState(), now: () => NOW });
});
beforeEach(() => {
  simulator.clearAccessOverrides();
});
afterAll(async () => {
  await simulator.close();
});

function env(token = adminToken) {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: token };
}

async function verify(args: string[], token = adminToken) {
  const run = await runCliCaptured(["verify", ...args], env(token), NOW);
  return { ...run, json: run.stdout.startsWith("{") ? (JSON.parse(run.stdout) as VerifyJson) : null };
}

function checkAccessRequests(): string[] {
  return simulator.requests
    .filter((r) => r.path.endsWith("/check_access/"))
    .map((r) => `${r.path.split("/")[4]}:${new URLSearchParams(r.query).get("for_user")}`);
}

/** Every rule the audit implements, one state per authentik behaviour that differs by version or setting. */
const VARIANTS: { name: string; state: () => SimulatorState }[] = [
  {
    // Nested groups, a superuser through a child group, negated, disabled, expired and user bindings, an
    // all-mode app with a policy, an inactive user, and apps with no binding in force.
    name: "2026.8.3 with every kind of binding",
    state: conformanceState,
  },
  {
    name: "2025.12.3, where `all` mode treats group bindings like `any`",
    state: () => {
      const state = conformanceState();
      state.version = "2025.12.3";
      state.bindings = state.bindings.filter((binding) => binding.expires === undefined && binding.policy === undefined);
      state.bindings.push({ pk: "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", target: ids.vaultwarden, group: ids.media, order: 1 });
      state.bindings.push({ pk: "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f", target: ids.vaultwarden, group: ids.cloud, order: 2 });
      return state;
    },
  },
  {
    name: "2026.5.6 with default app access turned off",
    state: () => {
      const state = conformanceState();
      state.version = "2026.5.6";
      state.settings = { flags: { core_default_app_access: false } };
      state.bindings = state.bindings.filter((binding) => binding.expires === undefined);
      return state;
    },
  },
];

describe("cli verify", () => {
  it.each(VARIANTS)("agrees with the simulator's check_access on every rule: $name", async ({ state }) => {
    simulator.setState(state());
    simulator.requests.length = 0;

    const run = await verify(["--sample", "1000", "--format", "json"]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = run.json as VerifyJson;
    expect(report.agree).toBe(true);
    expect(report.disagreements).toEqual([]);
    // Every user with every application: the sample covers the whole space of this small tenant.
    const pairs = simulator.state.users.length * simulator.state.applications.length;
    expect(report.checked).toBe(pairs);
    expect(report.agreements + report.resolved.length).toBe(pairs);
    expect(checkAccessRequests()).toHaveLength(pairs);
    expect(report.sample.reasons.superuser).toBeGreaterThan(0);
    expect(report.sample.reasons["nested-group"]).toBeGreaterThan(0);
    expect(report.sample.reasons["negated-binding"]).toBeGreaterThan(0);
    expect(report.sample.reasons["user-binding"]).toBeGreaterThan(0);
  });

  it("always includes the pairs worth proving, even with a sample of 0, and names why each was chosen", async () => {
    const state = conformanceState();
    // riley in cloud-users, whose binding on Proxmox is disabled: the one user that binding concerns.
    for (const group of state.groups) if (group.name === "cloud-users") group.members = ["riley"];
    simulator.setState(state);

    const run = await verify(["--sample", "0", "--format", "json"]);

    const report = run.json as VerifyJson;
    // The expired binding on Proxmox is to authentik Admins: akadmin, matt, and helper through a child group.
    expect(report.sample.reasons).toMatchObject({ random: 0, "disabled-binding": 1, "expiring-binding": 3 });
    // helper is a superuser only through admin-helpers, a child of authentik Admins.
    expect(report.sample.reasons.superuser).toBe(3 * 4);
    expect(report.resolved.map((pair) => `${pair.username} ${pair.slug} ${pair.model.result}`)).toContain(
      "jodie vaultwarden indeterminate",
    );
  });

  it("reports a disagreement clearly: the model's reasoning beside authentik's answer, and exit code 1", async () => {
    simulator.setState(conformanceState());
    simulator.overrideAccess({ username: "jodie", slug: "jellyfin", passing: false });

    const json = await verify(["--format", "json"]);
    const text = await verify([]);

    expect(json.code).toBe(1);
    expect(json.json?.disagreements).toEqual([
      {
        username: "jodie",
        slug: "jellyfin",
        active: true,
        // Not a special case: the default sample of 200 holds every one of the 45 pairs.
        reasons: ["random"],
        model: { result: "allow", via: ["group:media-users"] },
        authentik: { passing: false, messages: [] },
      },
    ]);
    expect(text.code).toBe(1);
    const lines = text.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^the model disagrees with authentik: 45 pairs checked with check_access, \d+ agree, 1 disagree, \d+ indeterminate resolved$/,
    );
    expect(lines.slice(lines.indexOf("DISAGREEMENTS (1)"), lines.indexOf("DISAGREEMENTS (1)") + 2)).toEqual([
      "DISAGREEMENTS (1)",
      "  jodie  jellyfin  model allow via group:media-users  authentik deny",
    ]);
  });

  it("resolves indeterminate pairs from a policy whose result the simulator is told, per user", async () => {
    const state = conformanceState();
    state.policies = [{ pk: ids.allow, name: "geo-check", result: false, results: { jodie: true, kid: true } }];
    simulator.setState(state);

    const run = await verify(["--app", "vaultwarden", "--format", "json"]);

    expect(run.code).toBe(0);
    const resolved = (run.json as VerifyJson).resolved.map(
      (pair) => `${pair.username} ${pair.model.via.join(",")} -> ${pair.authentik.passing ? "allow" : "deny"}`,
    );
    expect(resolved).toEqual([
      "Riley policy:geo-check -> deny",
      "akadmin policy:geo-check -> deny",
      "gone policy:geo-check -> deny",
      "helper policy:geo-check -> deny",
      "jodie policy:geo-check -> allow",
      "kid policy:geo-check -> allow",
      "matt policy:geo-check -> deny",
      "riley policy:geo-check -> deny",
      "viewer policy:geo-check -> deny",
    ]);
    const text = await verify(["--app", "vaultwarden"]);
    expect(text.stdout).toContain("  jodie            vaultwarden  model indeterminate via policy:geo-check  -> authentik allow (dummy)\n");
    expect(text.stdout).toContain("  gone (inactive)  vaultwarden  model indeterminate via policy:geo-check  -> authentik deny (dummy)\n");
  });

  it("narrows to one user, and repeats the same random pairs with the same --seed", async () => {
    simulator.setState(conformanceState());
    simulator.requests.length = 0;
    await verify(["--sample", "20", "--seed", "7", "--format", "json"]);
    const first = checkAccessRequests();
    simulator.requests.length = 0;
    await verify(["--sample", "20", "--seed", "7", "--format", "json"]);
    const second = checkAccessRequests();
    simulator.requests.length = 0;

    const one = await verify(["--user", "matt", "--sample", "0", "--format", "json"]);

    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(second).toEqual(first);
    expect(one.json?.sample.seed).toBeTypeOf("number");
    expect(new Set(checkAccessRequests().map((request) => request.split(":")[1]))).toEqual(new Set(["7"]));
  });

  it.each([
    [
      "a token that is not a superuser's",
      ["--format", "json"],
      viewerToken,
      `ak-access: verify needs a superuser's token: authentik honours check_access?for_user= only for superusers, and for anyone else silently answers for the token's own user (the token belongs to "viewer")\n`,
    ],
    ["an unknown application", ["--app", "nope"], adminToken, 'ak-access: no application with slug "nope"\n'],
    ["a saved snapshot", ["--sample", "x"], adminToken, 'ak-access: --sample "x": expected a whole number from 0 to 100000\n'],
  ])("cannot run with %s: exit code 2 and why", async (_case, args, token, stderr) => {
    simulator.setState(conformanceState());
    simulator.requests.length = 0;

    const run = await verify(args, token);

    expect(run).toMatchObject({ code: 2, stdout: "", stderr });
    expect(checkAccessRequests()).toEqual([]);
  });
});
