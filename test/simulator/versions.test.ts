import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorState } from "../../src/simulator/index.js";
import { conformanceState, fixedNow, get, ids, resultsOf } from "./fixtures.js";

/** The conformance tenant as an older authentik: no expiring bindings, at most one parent per group. */
function stateFor(version: string): SimulatorState {
  const state = conformanceState();
  state.version = version;
  state.bindings = state.bindings.filter((b) => b.expires === undefined);
  return state;
}

function keysOf(value: unknown): string[] {
  return Object.keys(value as object).sort();
}

describe("simulator/response shapes per version", () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function start(state: SimulatorState): Promise<Simulator> {
    sim = await startSimulator({ state, now: fixedNow });
    return sim;
  }

  it("keeps users (direct member pks) but nulls users_obj with include_users=false", async () => {
    const simulator = await start(stateFor("2026.8.3"));

    const response = await get(simulator, `/api/v3/core/groups/${ids.admins}/?include_users=false`);

    expect(response.body).toMatchObject({ users: [4, 7], users_obj: null });
  });

  it("lists direct members only in users_obj, in the order they joined", async () => {
    const simulator = await start(stateFor("2026.8.3"));

    const response = await get(simulator, `/api/v3/core/groups/${ids.media}/`);

    expect((response.body as { users_obj: { username: string }[] }).users_obj.map((u) => u.username)).toEqual(["jodie"]);
  });

  it("serves parents/children with their _obj only when asked, from 2025.12", async () => {
    const simulator = await start(stateFor("2026.8.3"));

    const plain = await get(simulator, `/api/v3/core/groups/${ids.media}/`);
    const expanded = await get(simulator, `/api/v3/core/groups/${ids.media}/?include_children=true&include_parents=true`);

    expect(plain.body).toMatchObject({
      parents: [],
      parents_obj: null,
      children: [ids.mediaKids],
      children_obj: null,
      inherited_roles_obj: null,
    });
    expect(expanded.body).toMatchObject({
      parents_obj: [],
      children_obj: [{ pk: ids.mediaKids, name: "media-kids", is_superuser: false, attributes: {}, group_uuid: ids.mediaKids }],
    });
  });

  it.each([
    { version: "2025.10.4", children: true },
    { version: "2025.8.0", children: true },
    { version: "2025.6.4", children: false },
  ])("serves the legacy parent/parent_name shape on $version (children: $children)", async ({ version, children }) => {
    const simulator = await start(stateFor(version));

    const response = await get(simulator, `/api/v3/core/groups/${ids.mediaKids}/`);

    expect(response.body).toMatchObject({ pk: ids.mediaKids, name: "media-kids", parent: ids.media, parent_name: "media-users" });
    const expectedKeys = [
      "attributes",
      "is_superuser",
      "name",
      "num_pk",
      "parent",
      "parent_name",
      "pk",
      "roles",
      "roles_obj",
      "users",
      "users_obj",
    ];
    if (children) expectedKeys.push("children", "children_obj");
    expect(keysOf(response.body)).toEqual(expectedKeys.sort());
  });

  it("gives a top-level legacy group a null parent and parent_name", async () => {
    const simulator = await start(stateFor("2025.10.4"));

    const response = await get(simulator, `/api/v3/core/groups/?name=media-users`);

    expect(resultsOf(response)[0]).toMatchObject({ parent: null, parent_name: null, children: [ids.mediaKids] });
  });

  it.each([
    { version: "2026.8.3", pbmUuid: true, metaHide: true },
    { version: "2026.5.6", pbmUuid: false, metaHide: true },
    { version: "2026.2.6", pbmUuid: false, metaHide: false },
  ])("applications on $version: pbm_uuid=$pbmUuid meta_hide=$metaHide", async ({ version, pbmUuid, metaHide }) => {
    const simulator = await start(stateFor(version));

    const response = await get(simulator, "/api/v3/core/applications/jellyfin/");

    expect("pbm_uuid" in (response.body as object)).toBe(pbmUuid);
    expect("meta_hide" in (response.body as object)).toBe(metaHide);
    expect(response.body).toMatchObject({
      pk: ids.jellyfin,
      slug: "jellyfin",
      policy_engine_mode: "any",
      launch_url: "https://jellyfin.example.com/",
    });
  });

  it.each([
    { version: "2026.8.3", expiring: true },
    { version: "2026.5.6", expiring: false },
  ])("bindings on $version carry expires/expiring: $expiring", async ({ version, expiring }) => {
    const simulator = await start(stateFor(version));

    const response = await get(simulator, `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`);

    expect("expires" in (response.body as object)).toBe(expiring);
    expect("expiring" in (response.body as object)).toBe(expiring);
    expect(response.body).toMatchObject({ enabled: true, negate: false, order: 0, timeout: 30, failure_result: false });
  });

  it.each([
    { version: "2026.8.3", flags: { core_default_app_access: false }, pagination: true, served: { core_default_app_access: false } },
    { version: "2026.5.6", flags: undefined, pagination: true, served: {} },
    {
      version: "2026.2.6",
      flags: { core_default_app_access: false, flows_refresh_others: true },
      pagination: true,
      served: { flows_refresh_others: true },
    },
    { version: "2025.10.4", flags: { core_default_app_access: true }, pagination: false, served: {} },
  ])("settings on $version", async ({ version, flags, pagination, served }) => {
    const state = stateFor(version);
    state.settings = { flags };
    const simulator = await start(state);

    const response = await get(simulator, "/api/v3/admin/settings/");
    const body = response.body as Record<string, unknown>;

    expect(body.flags).toEqual(served);
    expect("pagination_default_page_size" in body).toBe(pagination);
    expect("pagination_max_page_size" in body).toBe(pagination);
  });

  it("reports the state's version", async () => {
    const simulator = await start(stateFor("2025.10.4"));

    const response = await get(simulator, "/api/v3/admin/version/");

    expect(response.body).toMatchObject({ version_current: "2025.10.4", version_latest: "2025.10.4", outdated: false });
  });
});
