import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiUser, AuthentikApiError, createAuthentikClient, normaliseBaseUrl } from "../../src/authentik/index.js";
import type { AuthentikClient, AuthentikClientOptions } from "../../src/authentik/index.js";
import { Secret } from "../../src/secret.js";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { captureLogger } from "../fixtures/capture-logger.js";
import { ADMIN_TOKEN, smallState } from "../fixtures/small-state.js";

const USERS = "/api/v3/core/users/";
let simulator: Simulator;
const clients: AuthentikClient[] = [];
const messages: string[] = [];
const { logger, lines } = captureLogger();

function client(options: Partial<AuthentikClientOptions> = {}): AuthentikClient {
  const created = createAuthentikClient({
    baseUrl: simulator.url,
    token: new Secret(ADMIN_TOKEN),
    readOnly: true,
    retryBaseDelayMs: 5,
    logger,
    ...options,
  });
  clients.push(created);
  return created;
}

/** The error a call rejects with; its message is kept to prove no token ever appears in one. */
async function failure(promise: Promise<unknown>): Promise<AuthentikApiError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AuthentikApiError);
  messages.push((error as Error).message, String((error as Error).cause ?? ""));
  return error as AuthentikApiError;
}

beforeAll(async () => {
  simulator = await startSimulator({ state: smallState(250) });
});
afterEach(() => {
  simulator.clearFaults();
  simulator.requests.length = 0;
  simulator.setState(smallState(250));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await simulator.close();
  // Every error message and log line produced above: the token string is in none of them.
  expect(messages.length).toBeGreaterThan(10);
  expect(lines.length).toBeGreaterThan(10);
  for (const text of [...messages, ...lines]) expect(text).not.toContain(ADMIN_TOKEN);
});

describe("authentik/create-authentik-client", () => {
  it.each([
    ["https://auth.example.com", "https://auth.example.com", "/api/v3"],
    ["https://auth.example.com/", "https://auth.example.com", "/api/v3"],
    ["https://auth.example.com/api/v3", "https://auth.example.com", "/api/v3"],
    ["https://auth.example.com/api/v3/", "https://auth.example.com", "/api/v3"],
    ["https://example.com/authentik/api/v3", "https://example.com/authentik", "/authentik/api/v3"],
  ])("accepts the base URL %s", (input, baseUrl, apiPath) => {
    expect(normaliseBaseUrl(input)).toMatchObject({ baseUrl, apiPath });
  });

  it("reads every page of a list longer than 100, starting the remaining pages once page 1 tells their number", async () => {
    const users = await client().list("/core/users/", ApiUser);

    expect(users.count).toBe(251);
    expect(users.items).toHaveLength(251);
    expect(new Set(users.items.map((user) => user.pk)).size).toBe(251);
    expect(users.pages).toBe(3);
    expect(simulator.requests.map((r) => r.query)).toEqual(["page=1&page_size=100", "page=2&page_size=100", "page=3&page_size=100"]);
  });

  it("does not assume the server honoured page_size: a server capping pages at 30 still gives every object", async () => {
    simulator.setState({ ...smallState(250), settings: { maxPageSize: 30, flags: { core_default_app_access: true } } });

    const users = await client().list("/core/users/", ApiUser);

    expect(users.items).toHaveLength(251);
    expect(users.pages).toBe(9);
    expect(simulator.requests).toHaveLength(9);
  });

  it("follows pagination.next when total_pages understated the list", async () => {
    simulator.addFault({
      path: USERS,
      page: 1,
      times: 1,
      status: 200,
      body: {
        pagination: { next: 2, previous: 0, count: 2, current: 1, total_pages: 1, start_index: 1, end_index: 1 },
        results: [{ pk: 1, username: "a", name: "A", is_active: true, is_superuser: false }],
        autocomplete: {},
      },
    });

    const users = await client().list("/core/users/", ApiUser);

    expect(users.pages).toBe(3);
    expect(users.items[0]?.username).toBe("a");
    expect(simulator.requests.map((r) => r.query)).toEqual(["page=1&page_size=100", "page=2&page_size=100", "page=3&page_size=100"]);
  });

  it("stops a server that never ends at the page bound", async () => {
    const endless = {
      pagination: { next: 2, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 },
      results: [],
      autocomplete: {},
    };
    simulator.addFault({ path: USERS, status: 200, body: endless });

    const error = await failure(client({ maxPages: 5 }).list("/core/users/", ApiUser));

    expect(error.message).toBe("GET /core/users/ did not end after 5 pages (pagination.next never became 0)");
    expect(simulator.requests).toHaveLength(5);
  });

  it.each([
    ["a wrong token", { token: new Secret("not-a-real-token") }, "Token invalid/expired"],
    [
      "a token without permission",
      { token: new Secret(smallState().tokens[1]?.key ?? "") },
      "You do not have permission to perform this action.",
    ],
    ["no token", { token: new Secret("") }, "Authentication credentials were not provided."],
  ])("turns a 403 for %s into one sentence with authentik's detail", async (_case, options, detail) => {
    const error = await failure(client(options).get("/core/users/", z.object({})));

    expect(error).toMatchObject({ method: "GET", route: "/core/users/", status: 403, detail, code: "authentik-api" });
    expect(error.message).toBe(
      `GET /core/users/ answered 403 Forbidden: "${detail}"; the token is invalid, expired or lacks permission (a superuser token, or global view permissions on users, groups, applications and policy bindings)`,
    );
  });

  it("retries a 429 after the server's Retry-After and then succeeds", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", status: 429, retryAfterSeconds: 1, times: 1 });
    const started = Date.now();

    const version = await client().get("/admin/version/", z.object({ version_current: z.string() }));

    expect(version.version_current).toBe("2026.5.6");
    expect(simulator.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(lines.some((line) => line.includes('"status":429') && line.includes("retrying") && line.includes('"delayMs":1000'))).toBe(true);
  });

  it.each([502, 503, 504])("retries a %i on a GET, with backoff, up to the retry limit", async (status) => {
    simulator.addFault({ path: "/api/v3/admin/version/", status });

    const error = await failure(client({ retries: 2 }).get("/admin/version/", z.object({})));

    expect(error.status).toBe(status);
    expect(simulator.requests).toHaveLength(3);
  });

  it("retries a dropped connection on a GET", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", drop: true, times: 1 });

    const version = await client().get("/admin/version/", z.object({ version_current: z.string() }));

    expect(version.version_current).toBe("2026.5.6");
    expect(simulator.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it("never retries a write", async () => {
    simulator.addFault({ method: "POST", path: "/api/v3/core/groups/", status: 503 });

    const error = await failure(client({ readOnly: false }).send("POST", "/core/groups/", null, { body: { name: "x" } }));

    expect(error.status).toBe(503);
    expect(simulator.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("reports a 500 on page 3 with the route and the page", async () => {
    simulator.addFault({ path: USERS, page: 3, status: 500, body: { detail: "Internal Server Error" } });

    const error = await failure(client().list("/core/users/", ApiUser));

    expect(error.message).toBe('GET /core/users/ (page 3) answered 500: "Internal Server Error"');
  });

  it("times out a request that takes longer than the timeout", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", delayMs: 1_500 });

    const error = await failure(client({ timeoutMs: 200 }).get("/admin/version/", z.object({})));

    expect(error.failure).toBe("timeout");
    expect(error.message).toBe("GET /admin/version/ timed out after 200 ms (AK_ACCESS_TIMEOUT_MS / --timeout-ms)");
  });

  it("names the endpoint and the field when a response breaks the schema", async () => {
    simulator.addFault({
      path: USERS,
      status: 200,
      body: {
        pagination: { next: 0, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 },
        results: [{ pk: "seven", username: "x", name: "X", is_active: true, is_superuser: false }],
        autocomplete: {},
      },
    });

    const error = await failure(client().list("/core/users/", ApiUser));

    expect(error.failure).toBe("schema");
    expect(error.message).toBe(
      "GET /core/users/ (page 1) answered with an unexpected shape: results[0].pk: Invalid input: expected number, received string",
    );
  });

  it("reports malformed JSON", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", malformedJson: true });

    const error = await failure(client().get("/admin/version/", z.object({})));

    expect(error.message).toMatch(/^GET \/admin\/version\/ answered with malformed JSON \(\d+ bytes\)$/);
  });

  it("refuses every method but GET in read-only mode, without sending anything", async () => {
    const readOnly = client();

    const errors = await Promise.all(
      (["POST", "PATCH", "PUT", "DELETE"] as const).map((method) => failure(readOnly.send(method, "/core/groups/", null, { body: {} }))),
    );

    expect(errors.map((e) => e.message)).toEqual([
      "POST /core/groups/ refused: this authentik client is read-only (the service and `check` never write)",
      "PATCH /core/groups/ refused: this authentik client is read-only (the service and `check` never write)",
      "PUT /core/groups/ refused: this authentik client is read-only (the service and `check` never write)",
      "DELETE /core/groups/ refused: this authentik client is read-only (the service and `check` never write)",
    ]);
    expect(errors.every((e) => e.code === "read-only")).toBe(true);
    expect(simulator.requests).toHaveLength(0);
  });

  it("writes with a read-write client and reads an empty 204 answer as undefined", async () => {
    const writer = client({ readOnly: false });

    const answer = await writer.send("POST", "/core/groups/{pk}/add_user/", null, {
      params: { pk: "0820b2b8-6c54-4c20-9a0a-872820e6d9ea" },
      body: { pk: 102 },
    });

    expect(answer).toBeUndefined();
    expect(simulator.requests).toEqual([
      { method: "POST", path: "/api/v3/core/groups/0820b2b8-6c54-4c20-9a0a-872820e6d9ea/add_user/", query: "", status: 204 },
    ]);
  });

  it("says the connection was refused when nothing listens", async () => {
    const closed = await startSimulator({ state: smallState() });
    const url = closed.url;
    await closed.close();

    const error = await failure(client({ baseUrl: url, retries: 1 }).get("/admin/version/", z.object({})));

    expect(error.failure).toBe("network");
    expect(error.message).toBe(`GET /admin/version/: cannot reach ${url}: connection refused: is authentik running and is the URL right?`);
  });

  it("reports each request to the onRequest hook with its route template and status", async () => {
    const records: string[] = [];
    simulator.addFault({ path: USERS, page: 2, status: 503, times: 1 });

    await client({ onRequest: (r) => records.push(`${r.method} ${r.endpoint} ${r.code}`) }).list("/core/users/", ApiUser);

    expect(records.sort()).toEqual(["GET /core/users/ 200", "GET /core/users/ 200", "GET /core/users/ 200", "GET /core/users/ 503"]);
  });

  it("abandons a body larger than the limit while it streams in, names the endpoint and the limit, and keeps working", async () => {
    // 50 MB on the way, 64 KiB allowed: the client must stop reading long before the end.
    simulator.addFault({ path: USERS, page: 2, oversizeBytes: 50_000_000, times: 1 });
    const bounded = client({ maxResponseBytes: 64 * 1024 });

    const error = await failure(bounded.list("/core/users/", ApiUser));
    const again = await bounded.list("/core/users/", ApiUser);

    expect(error).toMatchObject({ failure: "too-large", code: "authentik-api", route: "/core/users/", status: 200 });
    expect(error.message).toBe(
      "GET /core/users/ (page 2) answered with more than 64 KiB (65536 bytes), the limit for one response (AK_ACCESS_MAX_RESPONSE_BYTES / --max-response-bytes)",
    );
    // The abandoned connection went away with its body; the next list is whole.
    expect(again.items).toHaveLength(251);
  });

  it("refuses a body whose Content-Length is over the limit without reading it", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", status: 200, body: `"${"y".repeat(200_000)}"`, times: 1 });

    const error = await failure(client({ maxResponseBytes: 100_000 }).get("/admin/version/", z.object({})));

    expect(error.failure).toBe("too-large");
    expect(error.message).toBe(
      "GET /admin/version/ answered with more than 100000 bytes, the limit for one response (AK_ACCESS_MAX_RESPONSE_BYTES / --max-response-bytes)",
    );
  });

  it("refuses a name longer than any authentik keeps, naming the field", async () => {
    simulator.addFault({
      path: USERS,
      status: 200,
      body: {
        pagination: { next: 0, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 },
        results: [{ pk: 7, username: "u".repeat(151), name: "X", is_active: true, is_superuser: false }],
        autocomplete: {},
      },
    });

    const error = await failure(client().list("/core/users/", ApiUser));

    expect(error.failure).toBe("schema");
    expect(error.message).toBe(
      "GET /core/users/ (page 1) answered with an unexpected shape: results[0].username: Too big: expected string to have <=150 characters",
    );
  });

  it("stops a list whose pages go on past the count it declared", async () => {
    simulator.addFault({ path: USERS, page: 3, endless: true });

    const error = await failure(client().list("/core/users/", ApiUser));

    expect(error.failure).toBe("schema");
    expect(error.message).toBe(
      "GET /core/users/ did not end: pagination.next still pointed to page 14 after the 3 pages it declared (total_pages) and 10 more",
    );
    expect(simulator.requests).toHaveLength(13);
  });

  it("stops a list whose next page points back", async () => {
    simulator.addFault({
      path: USERS,
      page: 3,
      status: 200,
      body: {
        pagination: { next: 2, previous: 2, count: 251, current: 3, total_pages: 3, start_index: 201, end_index: 251 },
        results: [],
        autocomplete: {},
      },
    });

    const error = await failure(client().list("/core/users/", ApiUser));

    expect(error.message).toBe("GET /core/users/ (page 3) points back to page 2 (pagination.next): the pages would never end");
  });

  it("logs retries at debug level only: a terminal shows the final error, not each attempt", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", drop: true, times: 2 });
    const since = lines.length;

    await client({ retries: 3 }).get("/admin/version/", z.object({ version_current: z.string() }));

    const retries = lines
      .slice(since)
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.msg.includes("retrying"));
    expect(retries.map((line) => [line.level, line.msg])).toEqual([
      [20, "authentik unreachable, retrying"],
      [20, "authentik unreachable, retrying"],
    ]);
  });
});
