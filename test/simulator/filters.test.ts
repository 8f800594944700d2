import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { conformanceState, fixedNow, get, ids, paginationOf, resultsOf } from "./fixtures.js";

describe("simulator/filters and ordering", () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ state: conformanceState(), now: fixedNow });
  });

  afterAll(async () => {
    await sim.close();
  });

  it("orders users by username, by code unit (upper case first)", async () => {
    const response = await get(sim, "/api/v3/core/users/");

    expect(resultsOf(response).map((u) => u.username)).toEqual([
      "Riley",
      "akadmin",
      "gone",
      "helper",
      "jodie",
      "kid",
      "matt",
      "riley",
      "viewer",
    ]);
  });

  it.each([
    { username: "riley", pks: [9] },
    { username: "Riley", pks: [10] },
    { username: "rile", pks: [] },
    { username: "RILEY", pks: [] },
  ])("users ?username=$username is exact and case-sensitive", async ({ username, pks }) => {
    const response = await get(sim, `/api/v3/core/users/?username=${username}`);

    expect(resultsOf(response).map((u) => u.pk)).toEqual(pks);
    expect(paginationOf(response).count).toBe(pks.length);
  });

  it.each([
    { query: "is_active=false", usernames: ["gone"] },
    { query: "is_active=0", usernames: ["gone"] },
    { query: "is_active=maybe", usernames: ["Riley", "akadmin", "gone", "helper", "jodie", "kid", "matt", "riley", "viewer"] },
    // authentik's filter looks at direct groups only, so "helper" (a superuser through a child group) is missing.
    { query: "is_superuser=true", usernames: ["akadmin", "matt"] },
  ])("users ?$query", async ({ query, usernames }) => {
    const response = await get(sim, `/api/v3/core/users/?${query}`);

    expect(resultsOf(response).map((u) => u.username)).toEqual(usernames);
  });

  it("reports inherited is_superuser and direct groups on a user", async () => {
    const response = await get(sim, "/api/v3/core/users/?username=helper");

    expect(resultsOf(response)[0]).toMatchObject({ is_superuser: true, groups: [ids.adminHelpers] });
  });

  it("orders groups by name", async () => {
    const response = await get(sim, "/api/v3/core/groups/");

    expect(resultsOf(response).map((g) => g.name)).toEqual([
      "admin-helpers",
      "authentik Admins",
      "cloud-users",
      "media-kids",
      "media-users",
    ]);
  });

  it.each([
    { name: "media-users", pks: [ids.media] },
    { name: "Media-users", pks: [] },
    { name: "media", pks: [] },
  ])("groups ?name=$name is exact", async ({ name, pks }) => {
    const response = await get(sim, `/api/v3/core/groups/?name=${name}`);

    expect(resultsOf(response).map((g) => g.pk)).toEqual(pks);
  });

  it.each([
    { slug: "jellyfin", names: ["Jellyfin"] },
    { slug: "Jellyfin", names: [] },
    { slug: "", names: ["Jellyfin", "Nextcloud", "Proxmox VE", "Vaultwarden", "Wiki"] },
  ])("applications ?slug=$slug&superuser_full_list=true", async ({ slug, names }) => {
    const response = await get(sim, `/api/v3/core/applications/?slug=${slug}&superuser_full_list=true`);

    expect(resultsOf(response).map((a) => a.name)).toEqual(names);
  });

  it("orders bindings by order, then pk", async () => {
    const response = await get(sim, "/api/v3/policies/bindings/");

    expect(resultsOf(response).map((b) => b.pk)).toEqual([
      ids.bindJellyfinMedia,
      ids.bindVaultPolicy,
      ids.bindWikiNegated,
      ids.bindProxmoxExpired,
      ids.bindNextcloudCloud,
      ids.bindProxmoxDisabled,
      ids.bindNextcloudRiley,
    ]);
  });

  it.each([
    { query: `target=${ids.nextcloud}`, pks: [ids.bindNextcloudCloud, ids.bindNextcloudRiley] },
    { query: `target=${ids.nextcloud.toUpperCase()}`, pks: [ids.bindNextcloudCloud, ids.bindNextcloudRiley] },
    { query: `target_in=${ids.jellyfin}&target_in=${ids.wiki}`, pks: [ids.bindJellyfinMedia, ids.bindWikiNegated] },
    { query: "enabled=false", pks: [ids.bindProxmoxDisabled] },
    { query: `policy=${ids.allow}`, pks: [ids.bindVaultPolicy] },
    { query: "policy__isnull=false", pks: [ids.bindVaultPolicy] },
    { query: "order=10", pks: [ids.bindNextcloudRiley] },
  ])("bindings ?$query", async ({ query, pks }) => {
    const response = await get(sim, `/api/v3/policies/bindings/?${query}`);

    expect(resultsOf(response).map((b) => b.pk)).toEqual(pks);
  });

  it("serialises the subject of each binding kind, with null for the others", async () => {
    const response = await get(sim, `/api/v3/policies/bindings/?target=${ids.nextcloud}`);
    const [groupBinding, userBinding] = resultsOf(response);

    expect(groupBinding).toMatchObject({ group: ids.cloud, user: null, policy: null, user_obj: null, policy_obj: null });
    expect(groupBinding?.group_obj).toMatchObject({ pk: ids.cloud, name: "cloud-users", is_superuser: false });
    expect(userBinding).toMatchObject({ group: null, group_obj: null, user: 9, policy_obj: null });
    expect(userBinding?.user_obj).toMatchObject({ pk: 9, username: "riley" });
  });

  it.each([
    {
      query: "target=00000000-0000-4000-8000-000000000000",
      errors: { target: ["Select a valid choice. That choice is not one of the available choices."] },
    },
    { query: "target=nope", errors: { target: ["Select a valid choice. That choice is not one of the available choices."] } },
    { query: "target_in=nope", errors: { target_in: ["“nope” is not a valid value."] } },
    {
      query: "target_in=00000000-0000-4000-8000-000000000000",
      errors: { target_in: ["Select a valid choice. 00000000-0000-4000-8000-000000000000 is not one of the available choices."] },
    },
  ])("bindings ?$query is a 400 filter error", async ({ query, errors }) => {
    const response = await get(sim, `/api/v3/policies/bindings/?${query}`);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
  });
});
