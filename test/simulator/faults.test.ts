import { errors, request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { adminToken, call, conformanceState, fixedNow, get, paginationOf } from "./fixtures.js";

const usersPath = "/api/v3/core/users/";

describe("simulator/fault injection and the request log", () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ state: conformanceState(), now: fixedNow });
  });

  afterEach(async () => {
    await sim.close();
  });

  async function statuses(paths: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const path of paths) out.push((await get(sim, path)).status);
    return out;
  }

  it("answers a status and body in place of the real response", async () => {
    sim.addFault({ path: usersPath, status: 503, body: { detail: "maintenance" } });

    const response = await get(sim, usersPath);

    expect(response.status).toBe(503);
    expect(response.body).toEqual({ detail: "maintenance" });
    expect(sim.requests.at(-1)).toEqual({ method: "GET", path: usersPath, query: "", status: 503 });
  });

  it("sets Retry-After and DRF's throttle wording on a 429", async () => {
    sim.addFault({ path: usersPath, status: 429, retryAfterSeconds: 3 });

    const response = await get(sim, usersPath);

    expect(response.status).toBe(429);
    expect(response.headers["retry-after"]).toBe("3");
    expect(response.body).toEqual({ detail: "Request was throttled. Expected available in 3 seconds." });
  });

  it("sends a string body as text/plain", async () => {
    sim.addFault({ path: usersPath, status: 502, body: "<html>Bad Gateway</html>" });

    const response = await get(sim, usersPath);

    expect(response.status).toBe(502);
    expect(response.headers["content-type"]).toBe("text/plain");
    expect(response.text).toBe("<html>Bad Gateway</html>");
  });

  it.each([
    { fault: { path: usersPath, status: 500, times: 2 }, expected: [500, 500, 200, 200] },
    { fault: { path: usersPath, status: 500, nth: 2 }, expected: [200, 500, 200, 200] },
    { fault: { path: usersPath, status: 500, nth: 2, times: 2 }, expected: [200, 500, 500, 200] },
    { fault: { path: usersPath, status: 500 }, expected: [500, 500, 500, 500] },
    { fault: { path: usersPath, method: "POST", status: 500 }, expected: [200, 200, 200, 200] },
    { fault: { path: "/api/v3/core/groups/", status: 500 }, expected: [200, 200, 200, 200] },
  ])("fires as configured: $fault", async ({ fault, expected }) => {
    sim.addFault(fault);

    const result = await statuses([usersPath, usersPath, usersPath, usersPath]);

    expect(result).toEqual(expected);
  });

  it("matches only the given page (page 1 when the query has none)", async () => {
    sim.addFault({ path: usersPath, page: 2, status: 500 });
    sim.addFault({ path: "/api/v3/core/groups/", page: 1, status: 504 });

    const result = await statuses([
      `${usersPath}?page_size=2`,
      `${usersPath}?page_size=2&page=2`,
      `${usersPath}?page=3&page_size=2`,
      "/api/v3/core/groups/",
    ]);

    expect(result).toEqual([200, 500, 200, 504]);
  });

  it("is gone after clearFaults", async () => {
    sim.addFault({ path: usersPath, status: 500 });
    sim.clearFaults();

    const response = await get(sim, usersPath);

    expect(response.status).toBe(200);
  });

  it("delays the answer by delayMs, enough to trip a client timeout", async () => {
    sim.addFault({ path: usersPath, delayMs: 5_000, times: 1 });
    const abort = new AbortController();

    const timedOut = request(`${sim.url}${usersPath}`, { headers: { authorization: `Bearer ${adminToken}` }, signal: abort.signal });
    // Give up once the simulator holds the request (a fixed client timeout races a busy machine).
    while (sim.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    abort.abort();

    await expect(timedOut).rejects.toMatchObject({ name: "AbortError" });
    expect(sim.requests.at(-1)).toEqual({ method: "GET", path: usersPath, query: "", status: 0 });
  });

  it("answers normally after a delay without a status", async () => {
    sim.addFault({ path: usersPath, delayMs: 150 });
    const started = Date.now();

    const response = await get(sim, usersPath);

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("drops the connection without an answer and logs status 0", async () => {
    sim.addFault({ path: usersPath, drop: true, times: 1 });

    const dropped = get(sim, usersPath);

    await expect(dropped).rejects.toBeInstanceOf(errors.SocketError);
    expect(sim.requests.at(-1)).toEqual({ method: "GET", path: usersPath, query: "", status: 0 });
    expect((await get(sim, usersPath)).status).toBe(200);
  });

  it("answers 200 with the real JSON cut short for malformedJson", async () => {
    const real = await get(sim, usersPath);
    sim.addFault({ path: usersPath, malformedJson: true });

    const response = await call(sim, "GET", usersPath, { token: adminToken }).catch((error: unknown) => error);
    const raw = await request(`${sim.url}${usersPath}`, { headers: { authorization: `Bearer ${adminToken}` } });
    const text = await raw.body.text();

    expect(response).toBeInstanceOf(SyntaxError);
    expect(raw.statusCode).toBe(200);
    expect(raw.headers["content-type"]).toBe("application/json");
    expect(text.length).toBeGreaterThan(10);
    expect(real.text.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it("adds setLatency to every answer", async () => {
    sim.setLatency(120);
    const started = Date.now();

    const response = await get(sim, "/api/v3/admin/version/");

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it("logs method, path, raw query and status in arrival order, and nothing else", async () => {
    await get(sim, `${usersPath}?page=1&page_size=5&username=ma%20tt`);
    await call(sim, "POST", `/api/v3/core/groups/00000000-0000-4000-8000-000000000000/add_user/`, { token: adminToken, body: { pk: 8 } });
    await get(sim, "/api/v3/core/groups/", "secret-looking-token");

    expect(sim.requests).toEqual([
      { method: "GET", path: usersPath, query: "page=1&page_size=5&username=ma%20tt", status: 200 },
      { method: "POST", path: "/api/v3/core/groups/00000000-0000-4000-8000-000000000000/add_user/", query: "", status: 404 },
      { method: "GET", path: "/api/v3/core/groups/", query: "", status: 403 },
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain("secret-looking-token");
  });

  it("counts a faulted page in the log while the next page still works", async () => {
    sim.addFault({ path: usersPath, page: 2, status: 500, times: 1 });

    const first = await get(sim, `${usersPath}?page_size=4`);
    const failed = await get(sim, `${usersPath}?page_size=4&page=2`);
    const retried = await get(sim, `${usersPath}?page_size=4&page=2`);

    expect([first.status, failed.status, retried.status]).toEqual([200, 500, 200]);
    expect(paginationOf(retried).current).toBe(2);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 500, 200]);
  });
});

describe("simulator/fault injection: bodies and pages", () => {
  let sim: Simulator;

  beforeEach(async () => {
    const state = conformanceState();
    // 45 users: three pages of 20.
    for (let index = 0; index < 36; index++) state.users.push({ pk: 100 + index, username: `bulk${index}`, name: `Bulk ${index}` });
    sim = await startSimulator({ state, now: fixedNow });
  });

  afterEach(async () => {
    await sim.close();
  });

  it("streams an oversized body of exactly the size asked, without a Content-Length", async () => {
    sim.addFault({ path: usersPath, oversizeBytes: 300_000 });

    const response = await get(sim, usersPath);

    expect(response.status).toBe(200);
    expect(response.headers["content-length"]).toBeUndefined();
    expect(Buffer.byteLength(response.text)).toBe(300_000);
    expect((response.body as { detail: string }).detail).toMatch(/^x+$/);
  });

  it("cuts a body off mid-transfer after announcing its full length", async () => {
    const real = await get(sim, usersPath);
    sim.addFault({ path: usersPath, truncateBody: true });

    const raw = await request(`${sim.url}${usersPath}`, { headers: { authorization: `Bearer ${adminToken}` } });
    const read = raw.body.text();

    expect(raw.statusCode).toBe(200);
    expect(Number(raw.headers["content-length"])).toBe(Buffer.byteLength(real.text));
    await expect(read).rejects.toBeInstanceOf(Error);
  });

  it("leaves out every second result of a page while the count still counts them", async () => {
    sim.addFault({ path: usersPath, page: 2, partialList: true });

    const first = await get(sim, `${usersPath}?page=1`);
    const second = await get(sim, `${usersPath}?page=2`);

    expect((first.body as { results: unknown[] }).results).toHaveLength(20);
    expect((second.body as { results: unknown[] }).results).toHaveLength(10);
    expect(paginationOf(second)).toMatchObject({ count: 45, current: 2, next: 3 });
  });

  it("makes the pages never end from the given page on, past the real last page too", async () => {
    sim.addFault({ path: usersPath, page: 3, endless: true });

    const second = await get(sim, `${usersPath}?page=2`);
    const last = await get(sim, `${usersPath}?page=3`);
    const beyond = await get(sim, `${usersPath}?page=7`);

    expect(paginationOf(second)).toMatchObject({ current: 2, next: 3 });
    expect(paginationOf(last)).toMatchObject({ current: 3, next: 4, total_pages: 3 });
    expect(beyond.status).toBe(200);
    expect(paginationOf(beyond)).toMatchObject({ current: 7, next: 8 });
    expect((beyond.body as { results: unknown[] }).results).toEqual([]);
  });
});
