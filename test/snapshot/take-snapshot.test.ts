import { afterEach, describe, expect, it } from "vitest";
import { AuthentikApiError, createAuthentikClient } from "../../src/authentik/index.js";
import { Secret } from "../../src/secret.js";
import { generateSimulatorState, generatedAdminToken, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { renderSnapshotJson, takeSnapshot } from "../../src/snapshot/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { ADMIN_TOKEN, smallState } from "../fixtures/small-state.js";

const NOW = new Date("2026-11-28T12:00:00.000Z");
let simulator: Simulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function snapshotOf(state: SimulatorState, token = ADMIN_TOKEN): Promise<{ snapshot: Snapshot; simulator: Simulator }> {
  simulator = await startSimulator({ state });
  const client = createAuthentikClient({ baseUrl: simulator.url, token: new Secret(token), readOnly: true, retryBaseDelayMs: 5 });
  try {
    return { snapshot: await takeSnapshot(client, { now: () => NOW }), simulator };
  } finally {
    await client.close();
  }
}

describe("snapshot/take-snapshot", () => {
  it("normalises a tenant into the sorted snapshot document", async () => {
    const { snapshot } = await snapshotOf(smallState(3));

    expect(snapshot).toEqual({
      schemaVersion: 1,
      takenAt: "2026-11-28T12:00:00.000Z",
      source: { url: simulator?.url, authentikVersion: "2026.5.6" },
      settings: { defaultAppAccess: true, defaultAppAccessKnown: true },
      users: [
        { pk: 4, username: "akadmin", name: "Admin", isActive: true, isSuperuser: true, type: "internal" },
        { pk: 100, username: "user0000", name: "User 0", isActive: true, isSuperuser: false, type: "internal" },
        { pk: 101, username: "user0001", name: "User 1", isActive: true, isSuperuser: false, type: "internal" },
        { pk: 102, username: "user0002", name: "User 2", isActive: true, isSuperuser: false, type: "internal" },
      ],
      groups: [
        { pk: "9944e153-f860-4443-81d1-ae544f611806", name: "authentik Admins", isSuperuser: true, parents: [], members: [4] },
        {
          pk: "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
          name: "media-kids",
          isSuperuser: false,
          parents: ["0820b2b8-6c54-4c20-9a0a-872820e6d9ea"],
          members: [102],
        },
        { pk: "0820b2b8-6c54-4c20-9a0a-872820e6d9ea", name: "media-users", isSuperuser: false, parents: [], members: [100, 101] },
      ],
      applications: [
        { pk: "71b55935-bdc5-4934-8818-03f0a08f9110", slug: "jellyfin", name: "Jellyfin", policyEngineMode: "any" },
        { pk: "88fdf561-23d0-4c08-85d8-05c6cbdb9dd8", slug: "proxmox", name: "Proxmox VE", policyEngineMode: "any" },
      ],
      bindings: [
        {
          pk: "31515ffc-f937-442f-9813-263e68247687",
          target: "71b55935-bdc5-4934-8818-03f0a08f9110",
          kind: "group",
          group: "0820b2b8-6c54-4c20-9a0a-872820e6d9ea",
          user: null,
          policy: null,
          policyName: null,
          enabled: true,
          negate: false,
          order: 0,
        },
      ],
      completeness: { complete: true, problems: [] },
    });
  });

  it("asks only for group member pks, and all bindings in one list", async () => {
    const { simulator: sim } = await snapshotOf(smallState(3));

    expect(sim.requests.map((r) => `${r.path}?${r.query}`).sort()).toEqual([
      "/api/v3/admin/settings/?",
      "/api/v3/admin/version/?",
      "/api/v3/core/applications/?superuser_full_list=true&page=1&page_size=100",
      "/api/v3/core/groups/?include_users=false&page=1&page_size=100",
      "/api/v3/core/users/?include_groups=false&include_roles=false&page=1&page_size=100",
      "/api/v3/core/users/me/?",
      "/api/v3/policies/bindings/?page=1&page_size=100",
    ]);
  });

  it("reads 5,000 users, 500 groups, 300 apps and 900 bindings in the pages needed plus three calls, byte-identically twice", async () => {
    const state = generateSimulatorState({ users: 5_000, groups: 500, applications: 300, bindings: 900, seed: 7 });
    simulator = await startSimulator({ state });
    const client = createAuthentikClient({ baseUrl: simulator.url, token: new Secret(generatedAdminToken), readOnly: true });

    const first = await takeSnapshot(client, { now: () => NOW });
    const requestsForOne = simulator.requests.length;
    const second = await takeSnapshot(client, { now: () => NOW });
    await client.close();

    const pages =
      Math.ceil(state.users.length / 100) +
      Math.ceil(state.groups.length / 100) +
      Math.ceil(state.applications.length / 100) +
      Math.ceil(state.bindings.length / 100);
    expect(pages).toBe(67);
    expect(requestsForOne).toBe(pages + 3);
    expect(simulator.requests).toHaveLength(2 * (pages + 3));
    expect(simulator.requests.every((r) => r.status === 200)).toBe(true);
    expect([first.users.length, first.groups.length, first.applications.length, first.bindings.length]).toEqual([
      state.users.length,
      500,
      300,
      900,
    ]);
    expect(first.completeness).toEqual({ complete: true, problems: [] });
    expect(renderSnapshotJson(second)).toBe(renderSnapshotJson(first));
  });

  it("fails as a whole when page 3 of a list answers 500: no partial snapshot", async () => {
    const state = generateSimulatorState({ users: 450, groups: 10, applications: 5, bindings: 5, seed: 1 });
    simulator = await startSimulator({ state });
    simulator.addFault({ path: "/api/v3/core/users/", page: 3, status: 500 });
    const client = createAuthentikClient({
      baseUrl: simulator.url,
      token: new Secret(generatedAdminToken),
      readOnly: true,
      retryBaseDelayMs: 5,
    });

    const outcome = await takeSnapshot(client, { now: () => NOW }).then(
      (snapshot) => ({ snapshot }),
      (error: unknown) => ({ error }),
    );
    await client.close();

    expect(outcome).not.toHaveProperty("snapshot");
    expect((outcome as { error: AuthentikApiError }).error).toBeInstanceOf(AuthentikApiError);
    expect((outcome as { error: AuthentikApiError }).error.message).toMatch(/^GET \/core\/users\/ \(page 3\) answered 500/);
  });

  it("normalises the legacy `parent` (authentik 2025.10) and `parents` (2025.12+) group shapes to the same groups", async () => {
    const modern = await snapshotOf(smallState(3, "2026.5.6"));
    await simulator?.close();

    const legacy = await snapshotOf(smallState(3, "2025.10.4"));

    expect(legacy.simulator.requests.length).toBe(7);
    expect(legacy.snapshot.source.authentikVersion).toBe("2025.10.4");
    expect(legacy.snapshot.groups).toEqual(modern.snapshot.groups);
    expect(legacy.snapshot.groups.find((g) => g.name === "media-kids")?.parents).toEqual(["0820b2b8-6c54-4c20-9a0a-872820e6d9ea"]);
  });

  it("says a non-superuser token's snapshot is incomplete: its app list is filtered but counts every app", async () => {
    const state = smallState(3);
    state.tokens.push({
      key: "viewer-token",
      user: "user0002",
      permissions: ["view_user", "view_group", "view_application", "view_policybinding", "view_system_settings"],
    });

    const { snapshot } = await snapshotOf(state, "viewer-token");

    // user0002 is in media-kids, a child of media-users: it passes jellyfin's binding and the open proxmox.
    expect(snapshot.applications.map((a) => a.slug)).toEqual(["jellyfin", "proxmox"]);
    expect(snapshot.completeness.complete).toBe(false);
    expect(snapshot.completeness.problems).toEqual([
      "the token's user \"user0002\" is not a superuser: authentik filters the application list by that user's own access, so applications may be missing",
    ]);
  });

  it("counts what the filtered list hides: a user who cannot open jellyfin sees one app of two", async () => {
    const state = smallState(4);
    state.tokens.push({
      key: "viewer-token",
      user: "user0003",
      permissions: ["view_user", "view_group", "view_application", "view_policybinding"],
    });

    const { snapshot } = await snapshotOf(state, "viewer-token");

    expect(snapshot.applications.map((a) => a.slug)).toEqual(["proxmox"]);
    expect(snapshot.completeness.problems).toContain("GET /core/applications/ reported 2 objects but 1 arrived");
  });

  it("treats a 403 on the tenant settings as an unknown flag, assumed open, and says so in completeness", async () => {
    const state = smallState(3);
    state.tokens.push({
      key: "viewer-token",
      user: "user0002",
      permissions: ["view_user", "view_group", "view_application", "view_policybinding"],
    });

    const { snapshot } = await snapshotOf(state, "viewer-token");

    expect(snapshot.settings).toEqual({ defaultAppAccess: true, defaultAppAccessKnown: false });
    expect(snapshot.completeness.complete).toBe(false);
    expect(snapshot.completeness.problems).toContain(
      "the token cannot read the tenant settings (GET /admin/settings/ needs view_system_settings), so whether apps without bindings are open (core_default_app_access) is unknown; authentik's default, open, is assumed",
    );
  });

  it("reads the tenant's core_default_app_access flag when it is off", async () => {
    const state = smallState(3);
    state.settings = { flags: { core_default_app_access: false } };

    const { snapshot } = await snapshotOf(state);

    expect(snapshot.settings).toEqual({ defaultAppAccess: false, defaultAppAccessKnown: true });
  });

  it("marks a token with only object permissions incomplete: the lists it gets are partial though status and counts agree", async () => {
    const state = smallState(3);
    state.tokens.push({
      key: "object-token",
      user: "user0002",
      // view_application and view_system_settings globally, so only the object-filtered lists differ.
      permissions: ["view_application", "view_system_settings"],
      objectPermissions: {
        view_user: ["user0000", "user0002"],
        view_group: ["0820b2b8-6c54-4c20-9a0a-872820e6d9ea"],
        view_policybinding: ["31515ffc-f937-442f-9813-263e68247687"],
      },
    });

    const { snapshot, simulator: sim } = await snapshotOf(state, "object-token");

    // What authentik answers such a token: 200 with two users of four and one group of three, counts agreeing.
    expect(sim.requests.filter((r) => r.path === "/api/v3/core/users/").map((r) => r.status)).toEqual([200]);
    expect(snapshot.users.map((u) => u.username)).toEqual(["user0000", "user0002"]);
    expect(snapshot.groups.map((g) => g.name)).toEqual(["media-users"]);
    expect(snapshot.completeness.complete).toBe(false);
    expect(snapshot.completeness.problems).toEqual([
      'the token\'s user "user0002" holds no global authentik_core.view_group permission through its roles: authentik then lists only the groups it holds object permissions on (200, with a count of just those), so groups may be missing from GET /core/groups/',
      'the token\'s user "user0002" holds no global authentik_core.view_user permission through its roles: authentik then lists only the users it holds object permissions on (200, with a count of just those), so users may be missing from GET /core/users/',
      'the token\'s user "user0002" holds no global authentik_policies.view_policybinding permission through its roles: authentik then lists only the policy bindings it holds object permissions on (200, with a count of just those), so policy bindings may be missing from GET /policies/bindings/',
      "the token's user \"user0002\" is not a superuser: authentik filters the application list by that user's own access, so applications may be missing",
    ]);
    expect(sim.requests.filter((r) => r.path === "/api/v3/rbac/permissions/").map((r) => r.query)).toEqual([
      "role=00000000-0000-4000-a000-000000000002&page=1&page_size=100",
    ]);
  });

  it("says so when the token user's permissions cannot be read", async () => {
    const state = smallState(3);
    state.tokens.push({ key: "viewer-token", user: "user0002", permissions: ["view_user", "view_group", "view_policybinding"] });
    simulator = await startSimulator({ state });
    simulator.addFault({ path: "/api/v3/rbac/permissions/", status: 403 });
    const client = createAuthentikClient({ baseUrl: simulator.url, token: new Secret("viewer-token"), readOnly: true });

    const snapshot = await takeSnapshot(client, { now: () => NOW });
    await client.close();

    expect(snapshot.completeness.problems).toContain(
      'the permissions of the token user\'s role "user0002 (token role 2)" could not be read (GET /rbac/permissions/ answered 403), so whether "user0002" may view every object is unknown: the users, groups, policy bindings may be partial',
    );
  });

  it.each([
    ["a short page", false, "GET /core/users/ reported 251 objects but 201 arrived"],
    ["a page repeated", true, "GET /core/users/ reported 251 objects but 151 distinct of 251 arrived"],
  ])("refuses a list that arrives with %s: the snapshot fails instead of losing objects", async (_case, repeated, message) => {
    simulator = await startSimulator({ state: smallState(250) });
    const page = await fetch(`${simulator.url}/api/v3/core/users/?page=1&page_size=100`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).then((response) => response.json() as Promise<{ results: unknown[] }>);
    // Page 2 answers page 1's objects again (with page 2's pagination), or half of its own.
    const pagination = { next: 3, previous: 1, count: 251, current: 2, total_pages: 3, start_index: 101, end_index: 200 };
    simulator.addFault(
      repeated
        ? { path: "/api/v3/core/users/", page: 2, status: 200, body: { pagination, results: page.results, autocomplete: {} } }
        : { path: "/api/v3/core/users/", page: 2, partialList: true },
    );
    const client = createAuthentikClient({ baseUrl: simulator.url, token: new Secret(ADMIN_TOKEN), readOnly: true });

    const failed = await takeSnapshot(client, { now: () => NOW }).catch((error: unknown) => error);
    await client.close();

    expect(failed).toBeInstanceOf(AuthentikApiError);
    expect((failed as Error).message).toBe(
      `${message}: pages came back short or the list changed while it was read, so nothing was taken from it (try again)`,
    );
  });
});
