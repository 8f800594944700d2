import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSimulatorState, generatedAdminToken, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { call, get, paginationOf, resultsOf } from "./fixtures.js";

/** Reads every page of a list, following `next` until it is 0. */
async function crawl(sim: Simulator, path: string, token = generatedAdminToken): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let page = 1;
  while (page !== 0) {
    const separator = path.includes("?") ? "&" : "?";
    const response = await get(sim, `${path}${separator}page=${page}&page_size=100`, token);
    expect(response.status).toBe(200);
    items.push(...resultsOf(response));
    page = paginationOf(response).next ?? 0;
  }
  return items;
}

describe("simulator/a large tenant (5,000 users, 500 groups, 300 apps, 900 bindings)", () => {
  let sim: Simulator;

  beforeAll(async () => {
    const state = generateSimulatorState({ users: 5000, groups: 500, applications: 300, bindings: 900, seed: 7 });
    // A non-superuser token for the per-user filtered application list.
    const member = state.groups[10]?.members?.[0] ?? "akadmin";
    state.tokens.push({ key: "member-token", user: member });
    sim = await startSimulator({ state });
  });

  afterAll(async () => {
    await sim.close();
  });

  // How fast is measured by `npm run bench` (bench/run.ts), not here.
  it("serves a full crawl of a large tenant in the pages it needs", async () => {
    const [users, groups, apps, bindings] = await Promise.all([
      crawl(sim, "/api/v3/core/users/"),
      crawl(sim, "/api/v3/core/groups/"),
      crawl(sim, "/api/v3/core/applications/?superuser_full_list=true"),
      crawl(sim, "/api/v3/policies/bindings/"),
    ]);

    expect([users.length, groups.length, apps.length, bindings.length]).toEqual([5000, 500, 300, 900]);
    expect(sim.requests).toHaveLength(50 + 5 + 3 + 9);
  });

  it("evaluates a user's filtered application list on every page", async () => {
    const visible = await crawl(sim, "/api/v3/core/applications/", "member-token");

    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(300);
  });
});

describe("simulator/cacheLookups (for benchmarks)", () => {
  const names = (response: Awaited<ReturnType<typeof get>>) => resultsOf(response).map((item) => item.username ?? item.name);

  it("answers exactly as without it, and sees writes through the API and a replaced state", async () => {
    const state = generateSimulatorState({ users: 300, groups: 30, applications: 20, bindings: 60, seed: 3 });
    const plain = await startSimulator({ state: structuredClone(state) });
    const cached = await startSimulator({ state, cacheLookups: true });
    try {
      for (const path of [
        "/api/v3/core/users/?page=2&page_size=100",
        "/api/v3/core/users/?is_active=false",
        "/api/v3/core/groups/?page_size=100&include_users=false",
        "/api/v3/core/applications/?superuser_full_list=true&page_size=100",
        "/api/v3/policies/bindings/?page=1&page_size=100",
      ]) {
        expect((await get(cached, path, generatedAdminToken)).text, path).toBe((await get(plain, path, generatedAdminToken)).text);
      }
      const group = state.groups[5];
      const user = state.users[7];
      if (!group || !user) throw new Error("the generated state is smaller than expected");
      const groupsOf = async () => {
        const response = await get(cached, `/api/v3/core/users/?username=${user.username}`, generatedAdminToken);
        return resultsOf(response)[0]?.groups;
      };
      // A full page indexes every membership, so a stale index would not know the new one.
      await get(cached, "/api/v3/core/users/?page_size=100", generatedAdminToken);
      const before = await groupsOf();

      const added = await call(cached, "POST", `/api/v3/core/groups/${group.pk}/add_user/`, {
        token: generatedAdminToken,
        body: { pk: user.pk },
      });
      const after = await groupsOf();
      cached.setState({ ...state, users: state.users.slice(0, 1), groups: state.groups.slice(0, 1), bindings: [] });
      const replaced = await get(cached, "/api/v3/core/users/", generatedAdminToken);

      expect(added.status).toBe(204);
      expect(before).not.toContain(group.pk);
      expect(after).toContain(group.pk);
      expect(names(replaced)).toEqual(["akadmin"]);
    } finally {
      await Promise.all([plain.close(), cached.close()]);
    }
  });
});
