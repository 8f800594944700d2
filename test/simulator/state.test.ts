import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SimulatorStateError,
  generateSimulatorState,
  generatedAdminToken,
  loadSimulatorState,
  startSimulator,
  validateSimulatorState,
  type SimulatorState,
} from "../../src/simulator/index.js";
import { conformanceState, get, ids, resultsOf } from "./fixtures.js";

const exampleFile = new URL("../../examples/authentik-state.json", import.meta.url).pathname;

describe("simulator/loadSimulatorState", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "simulator-state-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeState(name: string, content: unknown): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  }

  async function problemsOf(file: string): Promise<SimulatorStateError> {
    const error = await loadSimulatorState(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulatorStateError);
    return error as SimulatorStateError;
  }

  it("loads a valid file", async () => {
    const file = await writeState("ok.json", conformanceState());

    const state = await loadSimulatorState(file);

    expect(state.version).toBe("2026.8.3");
    expect(state.groups.map((g) => g.name)).toContain("media-kids");
  });

  it("names the file when it cannot be read or is not JSON", async () => {
    const missing = join(dir, "missing.json");
    const broken = await writeState("broken.json", '{ "version": ');

    const missingError = await problemsOf(missing);
    const brokenError = await problemsOf(broken);

    expect(missingError.message).toContain(`${missing}: invalid simulator state`);
    expect(missingError.problems).toEqual(["cannot read the file: ENOENT"]);
    expect(brokenError.message).toContain(broken);
    expect(brokenError.problems[0]).toMatch(/^not valid JSON: /);
    expect(brokenError.code).toBe("config");
  });

  it.each<{ name: string; edit: (state: SimulatorState) => void; problem: string }>([
    {
      name: "a wrong type",
      edit: (s) => Object.assign(s.users[0] ?? {}, { pk: "four" }),
      problem: "users[0].pk: Invalid input: expected number, received string",
    },
    {
      name: "a misspelt key",
      edit: (s) => Object.assign(s.groups[2] ?? {}, { member: ["jodie"] }),
      problem: 'groups[2]: Unrecognized key: "member"',
    },
    {
      name: "an unknown group in a binding",
      edit: (s) => Object.assign(s.bindings[1] ?? {}, { group: "00000000-0000-4000-8000-00000000dead" }),
      problem: 'bindings[1].group: unknown group "00000000-0000-4000-8000-00000000dead" (no group has this pk)',
    },
    {
      name: "an unknown application as a target",
      edit: (s) => Object.assign(s.bindings[0] ?? {}, { target: "00000000-0000-4000-8000-00000000beef" }),
      problem: 'bindings[0].target: unknown application "00000000-0000-4000-8000-00000000beef" (no application has this pk)',
    },
    {
      name: "two subjects on a binding",
      edit: (s) => Object.assign(s.bindings[0] ?? {}, { user: "jodie" }),
      problem: 'bindings[0]: set exactly one of "group", "user" and "policy" (got 2)',
    },
    {
      name: "an unknown member",
      edit: (s) => s.groups[4]?.members?.push("nobody"),
      problem: 'groups[4].members[0]: unknown user "nobody" (no user has this username)',
    },
    {
      name: "a token of an unknown user",
      edit: (s) => Object.assign(s.tokens[0] ?? {}, { user: "nobody" }),
      problem: 'tokens[0].user: unknown user "nobody" (no user has this username)',
    },
    {
      name: "a duplicate username",
      edit: (s) => Object.assign(s.users[3] ?? {}, { username: "akadmin" }),
      problem: 'users[3].username: duplicate username "akadmin" (also users[0])',
    },
    {
      name: "a duplicate group name",
      edit: (s) => Object.assign(s.groups[4] ?? {}, { name: "media-users" }),
      problem: 'groups[4].name: duplicate name "media-users" (also groups[2])',
    },
    {
      name: "an upper-case uuid",
      edit: (s) => Object.assign(s.groups[4] ?? {}, { pk: ids.cloud.toUpperCase() }),
      problem: "groups[4].pk: expected a lowercase UUID",
    },
    {
      name: "a cycle of parents",
      edit: (s) => Object.assign(s.groups[2] ?? {}, { parents: [ids.mediaKids] }),
      problem: `groups[2].parents: cycle in the group hierarchy: ${ids.media} -> ${ids.mediaKids} -> ${ids.media}`,
    },
    {
      name: "a malformed version",
      edit: (s) => Object.assign(s, { version: "latest" }),
      problem: 'version: expected an authentik version such as "2026.5.6"',
    },
  ])("reports $name with the field's path", async ({ name, edit, problem }) => {
    const state = conformanceState();
    edit(state);
    const file = await writeState(`${name.replace(/\W+/g, "-")}.json`, state);

    const error = await problemsOf(file);

    expect(error.problems).toContain(problem);
    expect(error.message).toContain(file);
  });

  it("rejects two parents and expiring bindings on versions that had neither", async () => {
    const state = conformanceState();
    state.version = "2025.10.4";
    state.groups[3]?.parents?.push(ids.cloud);

    const error = (() => {
      try {
        validateSimulatorState(state, "legacy.json");
        return undefined;
      } catch (e) {
        return e as SimulatorStateError;
      }
    })();

    expect(error?.problems).toEqual([
      "groups[3].parents: authentik 2025.10.4 allows one parent per group (many parents need 2025.12 or later), got 2",
      "bindings[5].expires: expiring bindings need authentik 2026.8 or later, the state says 2025.10.4",
    ]);
    expect(error?.message).toMatch(/^legacy\.json: invalid simulator state \(2 problems\):/);
  });

  it("refuses an invalid state in startSimulator and setState, keeping the old one", async () => {
    const bad = conformanceState();
    bad.tokens[0] = { key: "k", user: "nobody" };
    const sim = await startSimulator({ state: conformanceState() });

    await expect(startSimulator({ state: bad })).rejects.toBeInstanceOf(SimulatorStateError);
    expect(() => sim.setState(bad)).toThrow(SimulatorStateError);
    expect((await get(sim, "/api/v3/admin/version/")).status).toBe(200);
    await sim.close();
  });

  it("loads the example state: the runbook's Quick Reference tables", async () => {
    const state = await loadSimulatorState(exampleFile);

    expect(state.version).toBe("2026.5.6");
    expect(state.groups.map((g) => [g.name, g.pk, g.members ?? [], g.is_superuser ?? false])).toEqual([
      ["authentik Admins", "9944e153-f860-4443-81d1-ae544f611806", ["akadmin", "matt"], true],
      ["media-users", "0820b2b8-6c54-4c20-9a0a-872820e6d9ea", ["jodie"], false],
      ["communication-users", "31bce176-cd86-4aea-8db3-a57e03d5c2d1", [], false],
      ["security-users", "f345a043-c2a4-4906-a43b-9860eae86ee1", [], false],
      ["productivity-users", "698d80c7-7c29-43cd-b5d4-9eb24c85a6cc", [], false],
      ["cloud-users", "db3cbf5d-8057-4e33-8e8d-95bfdb35fbac", [], false],
      ["proxmox_admins", "d85a868d-7d1e-4585-92a8-b8bb86771b53", ["akadmin", "matt"], false],
      ["proxmox_users", "cf26703a-a824-47dd-9550-30b848a8ce5f", [], false],
    ]);
    const slugOf = new Map(state.applications.map((a) => [a.pk, a.slug]));
    const groupOf = new Map(state.groups.map((g) => [g.pk, g.name]));
    expect(state.bindings.map((b) => [slugOf.get(b.target), groupOf.get(b.group ?? "")])).toEqual([
      ["jellyfin", "media-users"],
      ["jellyseer", "media-users"],
      ["peertube", "media-users"],
      ["mailcow", "communication-users"],
      ["vaultwarden", "security-users"],
      ["forgejo", "productivity-users"],
      ["nextcloud", "cloud-users"],
      ["immich", "cloud-users"],
    ]);
    expect(state.applications).toHaveLength(12);
    expect(state.users.filter((u) => u.is_active === false).map((u) => u.username)).toEqual(["morgan"]);
  });

  it("serves the example state: its superuser only sees the unbound apps without superuser_full_list", async () => {
    const sim = await startSimulator({ state: await loadSimulatorState(exampleFile) });
    const token = sim.state.tokens[0]?.key ?? "";

    const filtered = await get(sim, "/api/v3/core/applications/", token);
    const full = await get(sim, "/api/v3/core/applications/?superuser_full_list=true", token);

    expect(resultsOf(filtered).map((a) => a.slug)).toEqual(["headplane", "headscale", "proxmox", "watchtower"]);
    expect(resultsOf(full)).toHaveLength(12);
    await sim.close();
  });
});

describe("simulator/generateSimulatorState", () => {
  const options = { users: 5000, groups: 500, applications: 300, bindings: 900, seed: 42 };

  it("produces exactly the requested counts, and a state that validates", () => {
    const state = generateSimulatorState(options);

    expect([state.users.length, state.groups.length, state.applications.length, state.bindings.length]).toEqual([5000, 500, 300, 900]);
    expect(() => validateSimulatorState(state)).not.toThrow();
    expect(state.tokens).toEqual([{ key: generatedAdminToken, user: "akadmin" }]);
    expect(state.groups[0]).toMatchObject({ name: "authentik Admins", is_superuser: true, members: ["akadmin"] });
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const a = generateSimulatorState(options);
    const b = generateSimulatorState(options);
    const c = generateSimulatorState({ ...options, seed: 43 });

    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.groups[1]?.pk).not.toBe(a.groups[1]?.pk);
  });

  it("mixes binding kinds and flags like a real tenant", () => {
    const state = generateSimulatorState(options);
    const count = (test: (b: SimulatorState["bindings"][number]) => boolean): number => state.bindings.filter(test).length;

    expect(count((b) => b.group !== undefined)).toBeGreaterThan(750);
    expect(count((b) => b.user !== undefined)).toBeGreaterThan(0);
    expect(count((b) => b.policy !== undefined)).toBeGreaterThan(0);
    expect(count((b) => b.negate === true)).toBeGreaterThan(0);
    expect(count((b) => b.enabled === false)).toBeGreaterThan(0);
    expect(count((b) => b.expires != null)).toBeGreaterThan(0);
    expect(state.groups.filter((g) => (g.parents ?? []).length > 0).length).toBeGreaterThan(50);
    expect(state.groups.some((g) => (g.parents ?? []).length > 1)).toBe(true);
    expect(new Set(state.bindings.map((b) => b.target)).size).toBeLessThan(300);
  });

  it("respects an older version: one parent at most and no expiring bindings", () => {
    const state = generateSimulatorState({ ...options, version: "2025.10.4" });

    expect(state.groups.every((g) => (g.parents ?? []).length <= 1)).toBe(true);
    expect(state.bindings.every((b) => b.expires === undefined)).toBe(true);
    expect(() => validateSimulatorState(state)).not.toThrow();
  });
});
