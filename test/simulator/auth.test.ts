import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import {
  adminToken,
  call,
  conformanceState,
  fixedNow,
  get,
  ids,
  inactiveOwnerToken,
  inheritedAdminToken,
  objectViewerToken,
  paginationOf,
  plainToken,
  resultsOf,
  viewerToken,
} from "./fixtures.js";

const notProvided = { detail: "Authentication credentials were not provided." };
const invalid = { detail: "Token invalid/expired" };
const denied = { detail: "You do not have permission to perform this action." };

const listPaths = [
  "/api/v3/core/users/",
  "/api/v3/core/groups/",
  "/api/v3/core/applications/",
  "/api/v3/policies/bindings/",
  "/api/v3/admin/settings/",
  "/api/v3/admin/version/",
  "/api/v3/core/users/me/",
];

describe("simulator/authentication and permissions", () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ state: conformanceState(), now: fixedNow });
  });

  afterAll(async () => {
    await sim.close();
  });

  it.each(listPaths)("%s without credentials is 403 'not provided'", async (path) => {
    const response = await get(sim, path, null);

    expect(response.status).toBe(403);
    expect(response.body).toEqual(notProvided);
  });

  it.each([
    { authorization: "Basic YWthZG1pbjpwdw==", body: notProvided },
    { authorization: "Bearer", body: notProvided },
    { authorization: "Bearer no-such-token", body: invalid },
    { authorization: `Bearer ${inactiveOwnerToken}`, body: invalid },
    { authorization: `bearer ${adminToken}`, body: null },
  ])("Authorization '$authorization' on the users list", async ({ authorization, body }) => {
    const response = await call(sim, "GET", "/api/v3/core/users/", { authorization });

    expect(response.status).toBe(body === null ? 200 : 403);
    if (body !== null) expect(response.body).toEqual(body);
  });

  it.each(["/api/v3/core/users/", "/api/v3/core/groups/", "/api/v3/policies/bindings/", "/api/v3/admin/settings/"])(
    "%s with a token lacking the global view permission is 403 'no permission'",
    async (path) => {
      const response = await get(sim, path, plainToken);

      expect(response.status).toBe(403);
      expect(response.body).toEqual(denied);
    },
  );

  it.each(["/api/v3/core/users/", "/api/v3/core/groups/", "/api/v3/policies/bindings/", "/api/v3/admin/settings/"])(
    "%s with the global view permission is 200 for a non-superuser",
    async (path) => {
      const response = await get(sim, path, viewerToken);

      expect(response.status).toBe(200);
    },
  );

  it("lets anyone authenticated list applications (filtered to their own access)", async () => {
    const response = await get(sim, "/api/v3/core/applications/", plainToken);

    expect(response.status).toBe(200);
    expect(resultsOf(response).map((a) => a.slug)).toEqual(["jellyfin", "proxmox", "vaultwarden"]);
  });

  it("treats a member of a child of a superuser group as a superuser", async () => {
    const me = await get(sim, "/api/v3/core/users/me/", inheritedAdminToken);
    const users = await get(sim, "/api/v3/core/users/", inheritedAdminToken);

    expect((me.body as { user: { is_superuser: boolean } }).user.is_superuser).toBe(true);
    expect(users.status).toBe(200);
  });

  it("lists only the authentik_rbac permissions, without app label, as system_permissions on users/me (as authentik does)", async () => {
    const response = await get(sim, "/api/v3/core/users/me/", viewerToken);

    expect((response.body as { user: { system_permissions: string[] } }).user.system_permissions).toEqual(["view_system_settings"]);
  });

  it("lists a non-superuser's global permissions through its role, and any role's on request", async () => {
    const me = await get(sim, "/api/v3/core/users/me/", viewerToken);
    const role = (me.body as { user: { roles: { pk: string }[] } }).user.roles[0]?.pk ?? "";
    const permissions = await get(sim, `/api/v3/rbac/permissions/?role=${role}`, plainToken);
    const unknown = await get(sim, "/api/v3/rbac/permissions/?role=00000000-0000-4000-a000-0000000000ff", plainToken);
    const anonymous = await get(sim, `/api/v3/rbac/permissions/?role=${role}`, null);

    // Ordered by name, as Postgres' C collation compares it ("Can view User" before "Can view group").
    expect(resultsOf(permissions).map((p) => `${p.app_label}.${p.codename}`)).toEqual([
      "authentik_core.view_application",
      "authentik_policies.view_policybinding",
      "authentik_core.view_user",
      "authentik_core.view_group",
      "authentik_rbac.view_system_settings",
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ role: ["Select a valid choice. That choice is not one of the available choices."] });
    expect(anonymous.status).toBe(403);
  });

  it("narrows a list to the objects a token without the global permission may view, with a matching count (ObjectFilter)", async () => {
    const users = await get(sim, "/api/v3/core/users/", objectViewerToken);
    const groups = await get(sim, "/api/v3/core/groups/", objectViewerToken);
    const bindings = await get(sim, "/api/v3/policies/bindings/", objectViewerToken);
    const media = await get(sim, `/api/v3/core/groups/${ids.media}/`, objectViewerToken);
    const cloud = await get(sim, `/api/v3/core/groups/${ids.cloud}/`, objectViewerToken);

    expect(users.status).toBe(200);
    expect(resultsOf(users).map((u) => u.username)).toEqual(["jodie", "kid"]);
    expect(paginationOf(users)).toMatchObject({ count: 2, total_pages: 1, next: 0 });
    expect(resultsOf(groups).map((g) => g.name)).toEqual(["media-users"]);
    expect(bindings.status).toBe(403);
    expect(bindings.body).toEqual({ detail: "You do not have permission to perform this action." });
    expect(media.status).toBe(200);
    expect(cloud.status).toBe(404);
  });

  it("hides a detail route from a caller without the view permission with 404, as authentik's object filter does", async () => {
    const anonymous = await get(sim, `/api/v3/core/groups/${ids.media}/`, null);
    const plain = await get(sim, `/api/v3/core/groups/${ids.media}/`, plainToken);
    const viewer = await get(sim, `/api/v3/core/groups/${ids.media}/`, viewerToken);

    expect(anonymous.status).toBe(404);
    expect(anonymous.body).toEqual({ detail: "No Group matches the given query." });
    expect(plain.status).toBe(404);
    expect(viewer.status).toBe(200);
  });

  it("answers 404 for an unknown route, before looking at the token", async () => {
    const unknown = await get(sim, "/api/v3/core/nothing-here/", "no-such-token");
    const noSlash = await get(sim, "/api/v3/core/users", adminToken);

    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: "Not found." });
    expect(noSlash.status).toBe(404);
  });

  it("answers 404 for a malformed or unknown uuid on a detail route", async () => {
    const malformed = await get(sim, "/api/v3/core/groups/not-a-uuid/");
    const unknown = await get(sim, "/api/v3/policies/bindings/00000000-0000-4000-8000-000000000000/");

    expect(malformed.status).toBe(404);
    expect(malformed.body).toEqual({ detail: "No Group matches the given query." });
    expect(unknown.body).toEqual({ detail: "No PolicyBinding matches the given query." });
  });
});
