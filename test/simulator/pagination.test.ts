import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorSettings, type SimulatorState } from "../../src/simulator/index.js";
import { adminToken, get, paginationOf, resultsOf } from "./fixtures.js";

/** akadmin (a superuser) plus `extra` users named user001, user002, ... */
function usersState(extra: number, version = "2026.5.6", settings?: SimulatorSettings): SimulatorState {
  const users = [{ pk: 1, username: "akadmin" }];
  for (let i = 1; i <= extra; i += 1) users.push({ pk: i + 1, username: `user${String(i).padStart(3, "0")}` });
  return {
    version,
    settings,
    tokens: [{ key: adminToken, user: "akadmin" }],
    users,
    groups: [{ pk: "9944e153-f860-4443-81d1-ae544f611806", name: "authentik Admins", is_superuser: true, members: ["akadmin"] }],
    applications: [],
    bindings: [],
  };
}

describe("simulator/pagination", () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it("pages with next/previous 0 at the ends and Django's start/end indexes", async () => {
    sim = await startSimulator({ state: usersState(44) });

    const first = await get(sim, "/api/v3/core/users/");
    const last = await get(sim, "/api/v3/core/users/?page=3");

    expect(paginationOf(first)).toEqual({ next: 2, previous: 0, count: 45, current: 1, total_pages: 3, start_index: 1, end_index: 20 });
    expect(resultsOf(first)).toHaveLength(20);
    expect(resultsOf(first)[0]?.username).toBe("akadmin");
    expect(paginationOf(last)).toEqual({ next: 0, previous: 2, count: 45, current: 3, total_pages: 3, start_index: 41, end_index: 45 });
    expect(resultsOf(last).map((u) => u.username)).toEqual(["user040", "user041", "user042", "user043", "user044"]);
  });

  it("following next until 0 visits every user exactly once, in username order", async () => {
    sim = await startSimulator({ state: usersState(44) });
    const seen: string[] = [];
    let page = 1;

    while (page !== 0) {
      const response = await get(sim, `/api/v3/core/users/?page=${page}&page_size=7`);
      seen.push(...resultsOf(response).map((u) => String(u.username)));
      page = paginationOf(response).next ?? 0;
    }

    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(seen).toEqual([...seen].sort());
  });

  it.each([
    { version: "2026.5.6", query: "", size: 20, pages: 8 },
    { version: "2026.5.6", query: "?page_size=1000", size: 100, pages: 2 },
    { version: "2026.5.6", query: "?page_size=50", size: 50, pages: 3 },
    { version: "2026.5.6", query: "?page_size=0", size: 20, pages: 8 },
    { version: "2026.5.6", query: "?page_size=-5", size: 20, pages: 8 },
    { version: "2026.5.6", query: "?page_size=ten", size: 20, pages: 8 },
    { version: "2025.12.0", query: "", size: 20, pages: 8 },
    { version: "2025.10.4", query: "", size: 100, pages: 2 },
    { version: "2025.10.4", query: "?page_size=150", size: 150, pages: 1 },
    { version: "2025.10.4", query: "?page_size=1000", size: 150, pages: 1 },
  ])("$version$query: pages of $size, $pages pages for 150 users", async ({ version, query, size, pages }) => {
    sim = await startSimulator({ state: usersState(149, version) });

    const response = await get(sim, `/api/v3/core/users/${query}`);

    expect(resultsOf(response)).toHaveLength(size);
    expect(paginationOf(response).total_pages).toBe(pages);
  });

  it("takes the default and the cap from the tenant settings", async () => {
    sim = await startSimulator({ state: usersState(29, "2026.5.6", { defaultPageSize: 7, maxPageSize: 10 }) });

    const byDefault = await get(sim, "/api/v3/core/users/");
    const capped = await get(sim, "/api/v3/core/users/?page_size=25");

    expect(resultsOf(byDefault)).toHaveLength(7);
    expect(resultsOf(capped)).toHaveLength(10);
    expect(paginationOf(capped).total_pages).toBe(3);
  });

  it("ignores tenant page settings before 2025.12, which had none", async () => {
    sim = await startSimulator({ state: usersState(29, "2025.10.4", { defaultPageSize: 7, maxPageSize: 10 }) });

    const response = await get(sim, "/api/v3/core/users/");

    expect(resultsOf(response)).toHaveLength(30);
  });

  it.each(["4", "0", "-1", "abc", "1.5", "2.0"])("page=%s is 404 Invalid page.", async (page) => {
    sim = await startSimulator({ state: usersState(44) });

    const response = await get(sim, `/api/v3/core/users/?page=${page}`);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: "Invalid page." });
  });

  it("page=last is the last page and an empty page value is page 1", async () => {
    sim = await startSimulator({ state: usersState(44) });

    const last = await get(sim, "/api/v3/core/users/?page=last");
    const blank = await get(sim, "/api/v3/core/users/?page=");

    expect(paginationOf(last).current).toBe(3);
    expect(paginationOf(blank).current).toBe(1);
  });

  it("answers an empty list on page 1 with count 0 and a 404 for page 2", async () => {
    sim = await startSimulator({ state: usersState(0) });

    const empty = await get(sim, "/api/v3/core/applications/?superuser_full_list=true");
    const beyond = await get(sim, "/api/v3/core/applications/?superuser_full_list=true&page=2");

    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      pagination: { next: 0, previous: 0, count: 0, current: 1, total_pages: 1, start_index: 0, end_index: 0 },
      results: [],
      autocomplete: {},
    });
    expect(beyond.status).toBe(404);
  });

  it("reads the last of repeated page parameters, as Django's QueryDict does", async () => {
    sim = await startSimulator({ state: usersState(44) });

    const response = await get(sim, "/api/v3/core/users/?page=1&page=2");

    expect(paginationOf(response).current).toBe(2);
  });
});
