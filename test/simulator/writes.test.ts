import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorState } from "../../src/simulator/index.js";
import { adminToken, call, conformanceState, fixedNow, get, ids, plainToken, resultsOf, viewerToken } from "./fixtures.js";

/** Can manage groups and memberships, but not set superuser status. */
const groupManagerToken = "group-manager-token";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function writableState(version = "2026.8.3"): SimulatorState {
  const state = conformanceState();
  state.version = version;
  if (version !== "2026.8.3") state.bindings = state.bindings.filter((b) => b.expires === undefined);
  state.tokens.push({
    key: groupManagerToken,
    user: "viewer",
    permissions: ["view_group", "view_user", "add_group", "change_group", "add_user_to_group", "remove_user_from_group"],
  });
  return state;
}

describe("simulator/write endpoints", () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ state: writableState(), now: fixedNow });
  });

  afterEach(async () => {
    await sim.close();
  });

  function group(pk: string) {
    return sim.state.groups.find((g) => g.pk === pk);
  }

  describe("POST /core/groups/", () => {
    it("creates the group, answers 201 with it and stores it", async () => {
      const response = await call(sim, "POST", "/api/v3/core/groups/", {
        token: adminToken,
        body: { name: "finance-users", users: [8, 9] },
      });
      const body = response.body as { pk: string; name: string; users: number[]; is_superuser: boolean };

      expect(response.status).toBe(201);
      expect(body.pk).toMatch(uuidPattern);
      expect(body).toMatchObject({ name: "finance-users", users: [8, 9], is_superuser: false, parents: [] });
      expect(group(body.pk)).toEqual({ pk: body.pk, name: "finance-users", is_superuser: false, parents: [], members: ["jodie", "riley"] });
    });

    it.each([
      { body: {}, errors: { name: ["This field is required."] } },
      { body: { name: "  " }, errors: { name: ["This field may not be blank."] } },
      { body: { name: "media-users" }, errors: { name: ["Group with this name already exists."] } },
      { body: { name: "x", users: [999] }, errors: { users: ['Invalid pk "999" - object does not exist.'] } },
      { body: { name: "x", users: ["jodie"] }, errors: { users: ["Incorrect type. Expected pk value, received str."] } },
      { body: { name: "x", users: 8 }, errors: { users: ['Expected a list of items but got type "int".'] } },
      {
        body: { name: "x", parents: ["00000000-0000-4000-8000-000000000000"] },
        errors: { parents: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'] },
      },
      { body: { name: "x", is_superuser: "maybe" }, errors: { is_superuser: ["Must be a valid boolean."] } },
      {
        body: { name: "media-users", users: [999] },
        errors: { name: ["Group with this name already exists."], users: ['Invalid pk "999" - object does not exist.'] },
      },
    ])("answers 400 $errors", async ({ body, errors }) => {
      const before = sim.state.groups.length;

      const response = await call(sim, "POST", "/api/v3/core/groups/", { token: adminToken, body });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(errors);
      expect(sim.state.groups).toHaveLength(before);
    });

    it("before 2025.12 reports a duplicate name with the UniqueValidator wording", async () => {
      sim.setState(writableState("2025.10.4"));

      const response = await call(sim, "POST", "/api/v3/core/groups/", { token: adminToken, body: { name: "media-users" } });

      expect(response.body).toEqual({ name: ["This field must be unique."] });
    });

    it("needs enable_group_superuser to create a superuser group", async () => {
      const response = await call(sim, "POST", "/api/v3/core/groups/", {
        token: groupManagerToken,
        body: { name: "admins-2", is_superuser: true },
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ is_superuser: ["User does not have permission to set superuser status to True."] });
    });

    it.each([
      { token: viewerToken, body: { detail: "You do not have permission to perform this action." } },
      { token: null, body: { detail: "Authentication credentials were not provided." } },
    ])("answers 403 without add_group", async ({ token, body }) => {
      const response = await call(
        sim,
        "POST",
        "/api/v3/core/groups/",
        token === null ? { body: { name: "x" } } : { token, body: { name: "x" } },
      );

      expect(response.status).toBe(403);
      expect(response.body).toEqual(body);
    });

    it("answers 400 to a body that is not JSON or not an object", async () => {
      const broken = await call(sim, "POST", "/api/v3/core/groups/", { token: adminToken, body: "{name:" });
      const list = await call(sim, "POST", "/api/v3/core/groups/", { token: adminToken, body: [] });

      expect(broken.status).toBe(400);
      expect((broken.body as { detail: string }).detail).toMatch(/^JSON parse error - /);
      expect(list.body).toEqual({ non_field_errors: ["Invalid data. Expected a dictionary, but got list."] });
    });
  });

  describe("PATCH /core/groups/{uuid}/", () => {
    it("replaces the members when users is present", async () => {
      const response = await call(sim, "PATCH", `/api/v3/core/groups/${ids.admins}/`, { token: adminToken, body: { users: [4] } });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ users: [4] });
      expect(group(ids.admins)?.members).toEqual(["akadmin"]);
    });

    it("renames without touching members or parents when they are absent", async () => {
      const response = await call(sim, "PATCH", `/api/v3/core/groups/${ids.mediaKids}/`, { token: adminToken, body: { name: "kids" } });

      expect(response.body).toMatchObject({ name: "kids", users: [11], parents: [ids.media] });
      expect(group(ids.mediaKids)).toMatchObject({ name: "kids", members: ["kid"], parents: [ids.media] });
    });

    it("replaces the parents when present and keeps its own name", async () => {
      const response = await call(sim, "PATCH", `/api/v3/core/groups/${ids.mediaKids}/`, {
        token: adminToken,
        body: { parents: [ids.cloud], name: "media-kids" },
      });

      expect(response.status).toBe(200);
      expect(group(ids.mediaKids)?.parents).toEqual([ids.cloud]);
    });

    it.each([
      { body: { parents: [ids.media] }, errors: { parents: ["Cannot set group as parent of itself."] } },
      {
        body: { parents: [ids.mediaKids] },
        errors: { parents: ['Cannot set "media-kids" as a parent: it is a descendant of this group.'] },
      },
      { body: { name: "cloud-users" }, errors: { name: ["Group with this name already exists."] } },
    ])("answers 400 $errors", async ({ body, errors }) => {
      const response = await call(sim, "PATCH", `/api/v3/core/groups/${ids.media}/`, { token: adminToken, body });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(errors);
    });

    it("uses `parent` before 2025.12", async () => {
      sim.setState(writableState("2025.10.4"));

      const response = await call(sim, "PATCH", `/api/v3/core/groups/${ids.mediaKids}/`, { token: adminToken, body: { parent: null } });

      expect(response.body).toMatchObject({ parent: null, parent_name: null });
      expect(group(ids.mediaKids)?.parents).toEqual([]);
    });

    it.each([
      { token: plainToken, status: 404 },
      { token: viewerToken, status: 403 },
    ])("answers $status to a caller who may not change it", async ({ token, status }) => {
      const response = await call(sim, "PATCH", `/api/v3/core/groups/${ids.media}/`, { token, body: { name: "renamed" } });

      expect(response.status).toBe(status);
      expect(group(ids.media)?.name).toBe("media-users");
    });
  });

  describe("add_user / remove_user", () => {
    it("adds with 204 and an empty body, idempotently", async () => {
      const first = await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: groupManagerToken, body: { pk: 9 } });
      const second = await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: groupManagerToken, body: { pk: 9 } });

      expect([first.status, second.status]).toEqual([204, 204]);
      expect(first.text).toBe("");
      expect(group(ids.cloud)?.members).toEqual(["riley"]);
    });

    it("removes with 204, and the group lists the change", async () => {
      const response = await call(sim, "POST", `/api/v3/core/groups/${ids.admins}/remove_user/`, { token: adminToken, body: { pk: 7 } });
      const after = await get(sim, `/api/v3/core/groups/${ids.admins}/`);

      expect(response.status).toBe(204);
      expect(after.body).toMatchObject({ users: [4] });
    });

    it("changes access: the new member of cloud-users gets nextcloud", async () => {
      await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: adminToken, body: { pk: 8 } });

      const response = await get(sim, "/api/v3/core/applications/nextcloud/check_access/", plainToken);

      expect(response.body).toMatchObject({ passing: true });
    });

    it.each([
      { body: { pk: 999 }, status: 404, answer: { detail: "Not found." } },
      { body: {}, status: 400, answer: { pk: ["This field is required."] } },
      { body: { pk: "abc" }, status: 400, answer: { pk: ["A valid integer is required."] } },
      { body: { pk: null }, status: 400, answer: { pk: ["This field may not be null."] } },
    ])("answers $status to $body", async ({ body, status, answer }) => {
      const response = await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: adminToken, body });

      expect(response.status).toBe(status);
      expect(response.body).toEqual(answer);
      expect(group(ids.cloud)?.members).toEqual([]);
    });

    it.each([
      {
        path: "/api/v3/core/groups/00000000-0000-4000-8000-000000000000/add_user/",
        token: adminToken,
        status: 404,
        answer: { detail: "No Group matches the given query." },
      },
      {
        path: `/api/v3/core/groups/${ids.cloud}/add_user/`,
        token: plainToken,
        status: 404,
        answer: { detail: "No Group matches the given query." },
      },
      {
        path: `/api/v3/core/groups/${ids.cloud}/add_user/`,
        token: viewerToken,
        status: 403,
        answer: { detail: "You do not have permission to perform this action." },
      },
      {
        path: `/api/v3/core/groups/${ids.cloud}/remove_user/`,
        token: viewerToken,
        status: 403,
        answer: { detail: "You do not have permission to perform this action." },
      },
    ])("$path with another token answers $status", async ({ path, token, status, answer }) => {
      const response = await call(sim, "POST", path, { token, body: { pk: 8 } });

      expect(response.status).toBe(status);
      expect(response.body).toEqual(answer);
    });
  });

  describe("POST /policies/bindings/", () => {
    it("creates with authentik's defaults and answers 201", async () => {
      const response = await call(sim, "POST", "/api/v3/policies/bindings/", {
        token: adminToken,
        body: { target: ids.wiki, group: ids.cloud, order: 3 },
      });
      const body = response.body as { pk: string; group_obj: { name: string } };

      expect(response.status).toBe(201);
      expect(body.pk).toMatch(uuidPattern);
      expect(body).toMatchObject({
        target: ids.wiki,
        group: ids.cloud,
        user: null,
        policy: null,
        enabled: true,
        negate: false,
        order: 3,
        timeout: 30,
        failure_result: false,
        expires: null,
        expiring: false,
      });
      expect(body.group_obj.name).toBe("cloud-users");
      expect(sim.state.bindings.at(-1)).toEqual({
        pk: body.pk,
        target: ids.wiki,
        group: ids.cloud,
        order: 3,
        enabled: true,
        negate: false,
        timeout: 30,
        failure_result: false,
      });
    });

    it("stores a user binding by username", async () => {
      const response = await call(sim, "POST", "/api/v3/policies/bindings/", {
        token: adminToken,
        body: { target: ids.wiki, user: 8, order: 0, negate: true },
      });

      expect(response.body).toMatchObject({ user: 8, negate: true, user_obj: { username: "jodie" } });
      expect(sim.state.bindings.at(-1)).toMatchObject({ user: "jodie", negate: true });
    });

    it.each([
      { body: { target: ids.wiki, order: 0 }, errors: { non_field_errors: ["One of 'group', 'policy', 'user' must be set."] } },
      {
        body: { target: ids.wiki, order: 0, group: ids.cloud, user: 8 },
        errors: { non_field_errors: ["Only one of 'group', 'policy', 'user' can be set."] },
      },
      { body: { group: ids.cloud }, errors: { target: ["This field is required."], order: ["This field is required."] } },
      {
        body: { target: "00000000-0000-4000-8000-000000000000", order: 0, group: ids.cloud },
        errors: { target: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'] },
      },
      {
        body: { target: ids.wiki, order: 0, group: "00000000-0000-4000-8000-000000000001" },
        errors: { group: ['Invalid pk "00000000-0000-4000-8000-000000000001" - object does not exist.'] },
      },
      { body: { target: "wiki", order: 0, group: ids.cloud }, errors: { target: ["“wiki” is not a valid UUID."] } },
      { body: { target: ids.wiki, order: "first", group: ids.cloud }, errors: { order: ["A valid integer is required."] } },
      {
        body: { target: ids.wiki, order: 0, group: ids.cloud, timeout: -1 },
        errors: { timeout: ["Ensure this value is greater than or equal to 0."] },
      },
      {
        body: { target: ids.vaultwarden, order: 0, policy: ids.allow },
        errors: { non_field_errors: ["The fields policy, target, order must make a unique set."] },
      },
    ])("answers 400 $errors", async ({ body, errors }) => {
      const before = sim.state.bindings.length;

      const response = await call(sim, "POST", "/api/v3/policies/bindings/", { token: adminToken, body });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(errors);
      expect(sim.state.bindings).toHaveLength(before);
    });

    it("answers 403 without add_policybinding", async () => {
      const response = await call(sim, "POST", "/api/v3/policies/bindings/", {
        token: viewerToken,
        body: { target: ids.wiki, group: ids.cloud, order: 0 },
      });

      expect(response.status).toBe(403);
    });
  });

  describe("DELETE /policies/bindings/{uuid}/", () => {
    it("deletes with 204, and the app it restricted opens up", async () => {
      const response = await call(sim, "DELETE", `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`, { token: adminToken });
      const apps = await get(sim, "/api/v3/core/applications/");

      expect(response.status).toBe(204);
      expect(sim.state.bindings.some((b) => b.pk === ids.bindJellyfinMedia)).toBe(false);
      expect(resultsOf(apps).map((a) => a.slug)).toContain("jellyfin");
    });

    it.each([
      { pk: ids.bindJellyfinMedia, token: viewerToken, status: 403 },
      { pk: ids.bindJellyfinMedia, token: plainToken, status: 404 },
      { pk: "00000000-0000-4000-8000-000000000000", token: adminToken, status: 404 },
    ])("answers $status for $pk with another token", async ({ pk, token, status }) => {
      const response = await call(sim, "DELETE", `/api/v3/policies/bindings/${pk}/`, { token });

      expect(response.status).toBe(status);
      expect(sim.state.bindings).toHaveLength(7);
    });
  });
});
