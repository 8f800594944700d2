import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSimulatorState, generatedAdminToken, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { get, paginationOf, resultsOf } from "./fixtures.js";

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

  // How fast is measured by `npm run bench` (bench/snapshot.bench.ts), not here.
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
