import { describe, expect, it } from "vitest";
import { createSimulatorApp, createSimulatorRuntime } from "../../src/simulator/index.js";
import { adminToken, conformanceState, fixedNow, ids } from "./fixtures.js";

/** The same app without a socket, through Hono's `app.request()`. */
describe("simulator/createSimulatorApp", () => {
  function setup() {
    const runtime = createSimulatorRuntime(conformanceState(), { now: fixedNow });
    return { runtime, app: createSimulatorApp(runtime) };
  }

  const auth = { headers: { authorization: `Bearer ${adminToken}` } };

  it("answers the API and logs the request", async () => {
    const { runtime, app } = setup();

    const response = await app.request("/api/v3/core/groups/?name=media-users", auth);
    const body = (await response.json()) as { results: { pk: string }[] };

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(body.results.map((g) => g.pk)).toEqual([ids.media]);
    expect(runtime.requests).toEqual([{ method: "GET", path: "/api/v3/core/groups/", query: "name=media-users", status: 200 }]);
  });

  it("reads the runtime's state on every request, so replacing it takes effect at once", async () => {
    const { runtime, app } = setup();
    const replacement = conformanceState();
    replacement.version = "2026.5.6";
    replacement.bindings = replacement.bindings.filter((b) => b.expires === undefined);
    runtime.state = replacement;

    const response = await app.request("/api/v3/admin/version/", auth);

    expect(await response.json()).toMatchObject({ version_current: "2026.5.6" });
  });

  it("turns a drop fault into a network error when there is no socket to destroy", async () => {
    const { runtime, app } = setup();
    runtime.faults.push({ path: "/api/v3/core/users/", drop: true });

    const response = await app.request("/api/v3/core/users/", auth);

    expect(response.type).toBe("error");
    expect(response.status).toBe(0);
    expect(runtime.requests.at(-1)?.status).toBe(0);
  });

  it("answers a simulator bug with a 500 JSON body instead of crashing", async () => {
    const { runtime, app } = setup();
    // A state edited in place into something unservable: a user list that is not an array.
    (runtime.state as unknown as { users: unknown }).users = null;

    const response = await app.request("/api/v3/core/users/", auth);

    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^simulator error: /);
    expect(runtime.requests.at(-1)?.status).toBe(500);
  });
});
