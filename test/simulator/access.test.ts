import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorState } from "../../src/simulator/index.js";
import {
  adminToken,
  conformanceState,
  fixedNow,
  get,
  ids,
  inheritedAdminToken,
  paginationOf,
  plainToken,
  resultsOf,
  viewerToken,
} from "./fixtures.js";

const allSlugs = ["jellyfin", "nextcloud", "proxmox", "vaultwarden", "wiki"];

function slugs(response: Awaited<ReturnType<typeof get>>): unknown[] {
  return resultsOf(response).map((a) => a.slug);
}

describe("simulator/application access", () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function start(state: SimulatorState = conformanceState(), now: () => Date = fixedNow): Promise<Simulator> {
    sim = await startSimulator({ state, now });
    return sim;
  }

  it.each([
    { who: "superuser with superuser_full_list", token: adminToken, query: "?superuser_full_list=true", expected: allSlugs },
    {
      who: "inherited superuser with superuser_full_list",
      token: inheritedAdminToken,
      query: "?superuser_full_list=TRUE",
      expected: allSlugs,
    },
    // No superuser exemption: akadmin is in no bound group, so only open apps and the negated one remain.
    { who: "superuser without it", token: adminToken, query: "", expected: ["proxmox", "vaultwarden", "wiki"] },
    {
      who: "superuser with superuser_full_list=1 (not 'true')",
      token: adminToken,
      query: "?superuser_full_list=1",
      expected: ["proxmox", "vaultwarden", "wiki"],
    },
    // Silently ignored for a non-superuser.
    {
      who: "non-superuser with superuser_full_list",
      token: plainToken,
      query: "?superuser_full_list=true",
      expected: ["jellyfin", "proxmox", "vaultwarden"],
    },
    { who: "viewer (view_application, no groups)", token: viewerToken, query: "", expected: ["proxmox", "vaultwarden", "wiki"] },
  ])("$who sees $expected", async ({ token, query, expected }) => {
    const simulator = await start();

    const response = await get(simulator, `/api/v3/core/applications/${query}`, token);

    expect(slugs(response)).toEqual(expected);
    expect(paginationOf(response).count).toBe(5);
  });

  it.each([
    // kid is in media-kids, a child of media-users: the jellyfin binding to media-users admits kid.
    { user: 11, expected: ["jellyfin", "proxmox", "vaultwarden"] },
    // riley has a user binding on nextcloud; the negated media binding on wiki admits non-members.
    { user: 9, expected: ["nextcloud", "proxmox", "vaultwarden", "wiki"] },
    { user: 8, expected: ["jellyfin", "proxmox", "vaultwarden"] },
  ])("?for_user=$user evaluates that user", async ({ user, expected }) => {
    const simulator = await start();

    const response = await get(simulator, `/api/v3/core/applications/?for_user=${user}`);

    expect(slugs(response)).toEqual(expected);
  });

  it("paginates first and filters second, so pages are short or empty while next is not 0", async () => {
    const simulator = await start();

    const pages = await Promise.all(
      [1, 2, 3].map((page) => get(simulator, `/api/v3/core/applications/?page_size=2&page=${page}`, plainToken)),
    );

    expect(pages.map(slugs)).toEqual([["jellyfin"], ["proxmox", "vaultwarden"], []]);
    expect(pages.map((p) => paginationOf(p).next)).toEqual([2, 3, 0]);
    expect(pages.map((p) => paginationOf(p).count)).toEqual([5, 5, 5]);
  });

  it("counts a binding again before it expires", async () => {
    const simulator = await start(conformanceState(), () => new Date("2025-12-01T00:00:00Z"));

    const jodie = await get(simulator, "/api/v3/core/applications/", plainToken);
    const admin = await get(simulator, "/api/v3/core/applications/");

    expect(slugs(jodie)).toEqual(["jellyfin", "vaultwarden"]);
    expect(slugs(admin)).toEqual(["proxmox", "vaultwarden", "wiki"]);
  });

  it.each([
    { version: "2026.8.3", flag: false, jodieSeesProxmox: false },
    { version: "2026.8.3", flag: true, jodieSeesProxmox: true },
    // Before 2026.5 an app without bindings was always open.
    { version: "2026.2.6", flag: false, jodieSeesProxmox: true },
  ])("an app with no effective binding on $version with core_default_app_access=$flag", async ({ version, flag, jodieSeesProxmox }) => {
    const state = conformanceState();
    state.version = version;
    state.settings = { flags: { core_default_app_access: flag } };
    state.bindings = state.bindings.filter((b) => b.expires === undefined);

    const response = await get(await start(state), "/api/v3/core/applications/", plainToken);

    expect(slugs(response).includes("proxmox")).toBe(jodieSeesProxmox);
  });

  it.each([
    // Fixed engine: all bindings must pass; jodie is in media-users but not cloud-users.
    { version: "2026.2.0", passing: false },
    { version: "2025.12.5", passing: false },
    // authentik #20430: in `all` mode one passing group binding satisfied every group binding.
    { version: "2025.12.4", passing: true },
    { version: "2025.8.0", passing: true },
    // Before the static-binding fast path, each binding was its own result.
    { version: "2025.6.4", passing: false },
  ])("all-mode with two group bindings on $version: passing=$passing", async ({ version, passing }) => {
    const state = conformanceState();
    state.version = version;
    state.bindings = [
      { pk: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", target: ids.vaultwarden, group: ids.media, order: 0 },
      { pk: "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", target: ids.vaultwarden, group: ids.cloud, order: 1 },
    ];
    const simulator = await start(state);

    const response = await get(simulator, "/api/v3/core/applications/vaultwarden/check_access/?for_user=8");

    expect(response.body).toMatchObject({ passing });
  });

  it("gives a superuser the policies' messages from check_access and others none", async () => {
    const simulator = await start();

    const admin = await get(simulator, "/api/v3/core/applications/vaultwarden/check_access/?for_user=8");
    const jodie = await get(simulator, "/api/v3/core/applications/vaultwarden/check_access/", plainToken);

    expect(admin.body).toEqual({ passing: true, messages: ["dummy"], log_messages: [] });
    expect(jodie.body).toEqual({ passing: true, messages: [], log_messages: [] });
  });

  it("evaluates a policy with the result it is told for a user, and its default result for everyone else", async () => {
    const state = conformanceState();
    state.policies = [{ pk: ids.allow, name: "geo-check", result: false, results: { jodie: true } }];
    const simulator = await start(state);

    const jodie = await get(simulator, "/api/v3/core/applications/vaultwarden/check_access/?for_user=8");
    const riley = await get(simulator, "/api/v3/core/applications/vaultwarden/check_access/?for_user=9");
    const listed = await get(simulator, "/api/v3/core/applications/?for_user=8");

    expect(jodie.body).toEqual({ passing: true, messages: ["dummy"], log_messages: [] });
    expect(riley.body).toEqual({ passing: false, messages: ["dummy"], log_messages: [] });
    expect(slugs(listed)).toContain("vaultwarden");
  });

  it("answers differently for one user and app when told, and only for that pair", async () => {
    const simulator = await start();
    simulator.overrideAccess({ username: "jodie", slug: "jellyfin", passing: false });

    const overridden = await get(simulator, "/api/v3/core/applications/jellyfin/check_access/?for_user=8");
    const otherUser = await get(simulator, "/api/v3/core/applications/jellyfin/check_access/?for_user=11");
    const listed = await get(simulator, "/api/v3/core/applications/?for_user=8");
    simulator.clearAccessOverrides();
    const cleared = await get(simulator, "/api/v3/core/applications/jellyfin/check_access/?for_user=8");

    expect(overridden.body).toMatchObject({ passing: false });
    expect(otherUser.body).toMatchObject({ passing: true });
    expect(slugs(listed)).not.toContain("jellyfin");
    expect(cleared.body).toMatchObject({ passing: true });
  });

  it("ignores for_user on check_access for a non-superuser", async () => {
    const simulator = await start();

    const response = await get(simulator, "/api/v3/core/applications/nextcloud/check_access/?for_user=9", plainToken);

    expect(response.body).toEqual({ passing: false, messages: [], log_messages: [] });
  });

  it.each([
    { path: "/api/v3/core/applications/nextcloud/check_access/?for_user=999", status: 400, body: { for_user: "User not found" } },
    {
      path: "/api/v3/core/applications/nextcloud/check_access/?for_user=abc",
      status: 400,
      body: { for_user: "for_user must be numerical" },
    },
    { path: "/api/v3/core/applications/nope/check_access/", status: 404, body: { detail: "No Application matches the given query." } },
    { path: "/api/v3/core/applications/?for_user=999", status: 400, body: { for_user: "User not found" } },
    { path: "/api/v3/core/applications/?for_user=abc", status: 400, body: ["Invalid input."] },
  ])("$path → $status", async ({ path, status, body }) => {
    const simulator = await start();

    const response = await get(simulator, path);

    expect(response.status).toBe(status);
    expect(response.body).toEqual(body);
  });

  it("refuses for_user on the list to a caller without view_user_applications", async () => {
    const simulator = await start();

    const response = await get(simulator, "/api/v3/core/applications/?for_user=8", viewerToken);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ for_user: "User not found" });
  });

  it("sees a state edited in place on the next request", async () => {
    const simulator = await start();
    simulator.state.bindings = simulator.state.bindings.filter((b) => b.target !== ids.jellyfin);

    const response = await get(simulator, "/api/v3/core/applications/");

    expect(slugs(response)).toEqual(["jellyfin", "proxmox", "vaultwarden", "wiki"]);
  });
});
