import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApplicationAccess, UserAccess } from "../../src/access/index.js";
import type { Env } from "../../src/config/index.js";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

const EXAMPLE_STATE = fileURLToPath(new URL("../../examples/authentik-state.json", import.meta.url));
const MEDIA_USERS = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";
const NEXTCLOUD = "423d4631-2579-4783-b570-593ff778998a";
const VAULTWARDEN = "a9bef682-68df-46f9-aad0-6103dcaea10f";
const OFFICE_HOURS = "0f0e0d0c-0b0a-4909-8807-060504030201";
const ACTIVE_USERS = ["akadmin", "casey", "jodie", "matt", "riley"];

let documented: SimulatorState;
let token: string;
let simulator: Simulator;

beforeAll(async () => {
  documented = await loadSimulatorState(EXAMPLE_STATE);
  token = documented.tokens[0]?.key ?? "";
  simulator = await startSimulator({ state: structuredClone(documented) });
});
beforeEach(() => {
  simulator.setState(structuredClone(documented));
});
afterAll(async () => {
  await simulator.close();
});

function live(): Env {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: token };
}

/** The example tenant plus a policy binding on Nextcloud and a negated media-users binding on Vaultwarden. */
function withPolicyAndNegatedBindings(state: SimulatorState): SimulatorState {
  const edited = structuredClone(state);
  edited.policies = [{ pk: OFFICE_HOURS, name: "office-hours", result: true }];
  edited.bindings.push(
    { pk: "6b1c2d3e-4f50-4617-8829-3a4b5c6d7e81", target: NEXTCLOUD, policy: OFFICE_HOURS, order: 5 },
    { pk: "6b1c2d3e-4f50-4617-8829-3a4b5c6d7e82", target: VAULTWARDEN, group: MEDIA_USERS, order: 5, negate: true },
  );
  return edited;
}

describe("cli access", () => {
  it("prints who may sign in to every application as JSON", async () => {
    const run = await runCliCaptured(["access", "--format", "json"], live());

    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const matrix = JSON.parse(run.stdout) as { applications: ApplicationAccess[] };
    expect(Object.keys(matrix)).toEqual(["applications"]);
    expect(matrix.applications.map((app) => Object.keys(app))).toEqual(
      matrix.applications.map(() => ["slug", "name", "everyone", "allow", "indeterminate", "serviceAccounts"]),
    );
    // The example tenant has no service account: every list of them is empty.
    expect(matrix.applications.map((app) => app.serviceAccounts)).toEqual(
      matrix.applications.map(() => ({ allow: [], indeterminate: [] })),
    );
    expect(matrix.applications.map((app) => [app.slug, app.name, app.everyone, app.allow, app.indeterminate])).toEqual([
      ["forgejo", "Forgejo", null, [], []],
      ["headplane", "Headplane", "allow", [], []],
      ["headscale", "Headscale VPN", "allow", [], []],
      ["immich", "Immich", null, [], []],
      ["jellyfin", "Jellyfin", null, ["jodie"], []],
      ["jellyseer", "Jellyseer", null, ["jodie"], []],
      ["mailcow", "Mailcow", null, [], []],
      ["nextcloud", "Nextcloud", null, [], []],
      ["peertube", "PeerTube", null, ["jodie"], []],
      ["proxmox", "Proxmox VE", "allow", [], []],
      ["vaultwarden", "Vaultwarden", null, [], []],
      ["watchtower", "WATCHTOWER", "allow", [], []],
    ]);
  });

  it("never lists an inactive user, even as a member of a bound group", async () => {
    const state = structuredClone(documented);
    for (const group of state.groups) if (group.pk === MEDIA_USERS) group.members = ["jodie", "morgan", "riley"];
    simulator.setState(state);

    const run = await runCliCaptured(["access", "--format", "json"], live());
    const user = await runCliCaptured(["access", "--user", "morgan", "--app", "jellyfin", "--format", "json"], live());

    expect(run.code).toBe(0);
    const matrix = JSON.parse(run.stdout) as { applications: ApplicationAccess[] };
    expect(matrix.applications.find((app) => app.slug === "jellyfin")?.allow).toEqual(["jodie", "riley"]);
    expect(run.stdout).not.toContain("morgan");
    expect(JSON.parse(user.stdout)).toEqual({
      username: "morgan",
      applications: [{ slug: "jellyfin", result: "deny", via: ["inactive"] }],
    });
  });

  it("prints one user's verdict on every application, deny included, with what decided it", async () => {
    const run = await runCliCaptured(["access", "--user", "jodie", "--format", "json"], live());

    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const access = JSON.parse(run.stdout) as UserAccess;
    expect(Object.keys(access)).toEqual(["username", "applications"]);
    expect(access.username).toBe("jodie");
    expect(access.applications).toEqual([
      { slug: "forgejo", result: "deny", via: ["group:productivity-users"] },
      { slug: "headplane", result: "allow", via: ["default"] },
      { slug: "headscale", result: "allow", via: ["default"] },
      { slug: "immich", result: "deny", via: ["group:cloud-users"] },
      { slug: "jellyfin", result: "allow", via: ["group:media-users"] },
      { slug: "jellyseer", result: "allow", via: ["group:media-users"] },
      { slug: "mailcow", result: "deny", via: ["group:communication-users"] },
      { slug: "nextcloud", result: "deny", via: ["group:cloud-users"] },
      { slug: "peertube", result: "allow", via: ["group:media-users"] },
      { slug: "proxmox", result: "allow", via: ["default"] },
      { slug: "vaultwarden", result: "deny", via: ["group:security-users"] },
      { slug: "watchtower", result: "allow", via: ["default"] },
    ]);
  });

  it("denies a superuser every bound application: superusers are not exempt", async () => {
    const run = await runCliCaptured(["access", "--user", "akadmin", "--format", "json"], live());

    expect(run.code).toBe(0);
    const access = JSON.parse(run.stdout) as UserAccess;
    const verdicts = Object.fromEntries(access.applications.map((app) => [app.slug, app.result]));
    expect(verdicts).toEqual({
      forgejo: "deny",
      headplane: "allow",
      headscale: "allow",
      immich: "deny",
      jellyfin: "deny",
      jellyseer: "deny",
      mailcow: "deny",
      nextcloud: "deny",
      peertube: "deny",
      proxmox: "allow",
      vaultwarden: "deny",
      watchtower: "allow",
    });
  });

  it.each([
    [
      "the matrix",
      ["access", "--app", "jellyfin", "--format", "json"],
      {
        applications: [
          {
            slug: "jellyfin",
            name: "Jellyfin",
            everyone: null,
            allow: ["jodie"],
            indeterminate: [],
            serviceAccounts: { allow: [], indeterminate: [] },
          },
        ],
      },
    ],
    [
      "one user",
      ["access", "--user", "riley", "--app", "jellyfin", "--format", "json"],
      { username: "riley", applications: [{ slug: "jellyfin", result: "deny", via: ["group:media-users"] }] },
    ],
    [
      "an open app",
      ["access", "--user", "riley", "--app", "watchtower", "--format", "json"],
      { username: "riley", applications: [{ slug: "watchtower", result: "allow", via: ["default"] }] },
    ],
  ])("filters %s to one application with --app", async (_case, argv, expected) => {
    const run = await runCliCaptured(argv, live());

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it.each([
    [
      "an unknown user",
      ["access", "--user", "nobody"],
      'ak-access: no user with username "nobody" (usernames are exact and case-sensitive)\n',
    ],
    [
      "a username in the wrong case",
      ["access", "--user", "Jodie", "--format", "json"],
      'ak-access: no user with username "Jodie" (usernames are exact and case-sensitive)\n',
    ],
    [
      "an unknown slug",
      ["access", "--app", "jellyfn"],
      'ak-access: no application with slug "jellyfn" (known: forgejo, headplane, headscale, immich, jellyfin, jellyseer, mailcow, nextcloud, peertube, proxmox, vaultwarden, watchtower)\n',
    ],
    [
      "an unknown slug for a known user",
      ["access", "--user", "jodie", "--app", "vault"],
      'ak-access: no application with slug "vault" (known: forgejo, headplane, headscale, immich, jellyfin, jellyseer, mailcow, nextcloud, peertube, proxmox, vaultwarden, watchtower)\n',
    ],
  ])("exits 2 with a clear message for %s", async (_case, argv, message) => {
    const run = await runCliCaptured(argv, live());

    expect(run).toEqual({ code: 2, stdout: "", stderr: message });
  });

  it("prints the matrix as text, one block per application", async () => {
    const run = await runCliCaptured(["access"], live());

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("\u001b[");
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "Forgejo (forgejo)",
      "  allow (0): —",
      "Headplane (headplane)",
      "  everyone: no binding in force, so every active user may sign in",
    ]);
    expect(lines).toContain("Jellyfin (jellyfin)");
    expect(lines[lines.indexOf("Jellyfin (jellyfin)") + 1]).toBe("  allow (1): jodie");
    expect(lines.filter((line) => !line.startsWith(" ") && line !== "")).toHaveLength(12);
  });

  it.each([
    ["the matrix", ["access", "--app", "jellyfin"], "Jellyfin (jellyfin)\n  allow (1): jodie\n"],
    ["one user", ["access", "--user", "jodie", "--app", "mailcow"], "jodie\n  mailcow  deny           group:communication-users\n"],
  ])("prints %s for one application as text", async (_case, argv, text) => {
    const run = await runCliCaptured(argv, live());

    expect(run).toEqual({ code: 0, stdout: text, stderr: "" });
  });

  it("prints one user's verdicts as aligned text", async () => {
    const run = await runCliCaptured(["access", "--user", "akadmin"], live());

    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("akadmin");
    expect(lines).toContain("  jellyfin     deny           group:media-users");
    expect(lines).toContain("  watchtower   allow          default");
    expect(lines).toHaveLength(1 + 12 + 1);
  });

  it("lists a policy binding's users as indeterminate and names negated and policy bindings in via", async () => {
    simulator.setState(withPolicyAndNegatedBindings(documented));

    const matrixRun = await runCliCaptured(["access", "--format", "json"], live());
    const jodieRun = await runCliCaptured(["access", "--user", "jodie", "--format", "json"], live());
    const caseyRun = await runCliCaptured(["access", "--user", "casey", "--format", "json"], live());

    const matrix = JSON.parse(matrixRun.stdout) as { applications: ApplicationAccess[] };
    expect(matrix.applications.find((app) => app.slug === "nextcloud")).toEqual({
      slug: "nextcloud",
      name: "Nextcloud",
      everyone: null,
      allow: [],
      indeterminate: ACTIVE_USERS,
      serviceAccounts: { allow: [], indeterminate: [] },
    });
    expect(matrix.applications.find((app) => app.slug === "vaultwarden")).toEqual({
      slug: "vaultwarden",
      name: "Vaultwarden",
      everyone: null,
      allow: ["akadmin", "casey", "matt", "riley"],
      indeterminate: [],
      serviceAccounts: { allow: [], indeterminate: [] },
    });
    const jodie = JSON.parse(jodieRun.stdout) as UserAccess;
    expect(jodie.applications.filter((app) => app.slug === "nextcloud" || app.slug === "vaultwarden")).toEqual([
      { slug: "nextcloud", result: "indeterminate", via: ["group:cloud-users", "policy:office-hours"] },
      { slug: "vaultwarden", result: "deny", via: ["group:security-users", "negated group:media-users"] },
    ]);
    const casey = JSON.parse(caseyRun.stdout) as UserAccess;
    expect(casey.applications.find((app) => app.slug === "vaultwarden")).toEqual({
      slug: "vaultwarden",
      result: "allow",
      via: ["negated group:media-users"],
    });
  });

  it("shows indeterminate users and the deciding bindings as text", async () => {
    simulator.setState(withPolicyAndNegatedBindings(documented));

    const matrixRun = await runCliCaptured(["access", "--app", "nextcloud"], live());
    const caseyRun = await runCliCaptured(["access", "--user", "casey"], live());

    expect(matrixRun.stdout).toBe("Nextcloud (nextcloud)\n  allow (0): —\n  indeterminate (5): akadmin, casey, jodie, matt, riley\n");
    const lines = caseyRun.stdout.split("\n");
    expect(lines).toContain("  nextcloud    indeterminate  group:cloud-users, policy:office-hours");
    expect(lines).toContain("  vaultwarden  allow          negated group:media-users");
  });

  it("answers offline from a saved snapshot exactly as live", async () => {
    simulator.setState(withPolicyAndNegatedBindings(documented));
    const file = join(mkdtempSync(join(tmpdir(), "ak-access-access-")), "snapshot.json");
    const liveRun = await runCliCaptured(["access", "--user", "casey", "--format", "json"], live());
    const saved = await runCliCaptured(["snapshot", "--output", file], live());
    const requestsBefore = simulator.requests.length;

    const offline = await runCliCaptured(["--snapshot", file, "access", "--user", "casey", "--format", "json"], {});

    expect(saved.code).toBe(0);
    expect(offline).toEqual({ code: 0, stdout: liveRun.stdout, stderr: "" });
    expect(simulator.requests.length).toBe(requestsBefore);
  });
});
