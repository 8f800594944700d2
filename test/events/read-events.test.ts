import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAuthentikClient } from "../../src/authentik/index.js";
import type { AuthentikClient } from "../../src/authentik/index.js";
import { pollNewEvents, readRecentEvents } from "../../src/events/index.js";
import { Secret } from "../../src/secret.js";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorEvent, SimulatorState } from "../../src/simulator/index.js";
import { adminToken, call, conformanceState, ids, viewerToken } from "../simulator/fixtures.js";

const NOW = new Date("2026-11-30T12:00:00.000Z");
const DAY_MS = 86_400_000;

let sim: Simulator;
let client: AuthentikClient;
let viewer: AuthentikClient;

/** A model event on cloud-users, `minutesAgo` before NOW. */
function past(minutesAgo: number, index: number, action = "model_updated"): SimulatorEvent {
  return {
    pk: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    action,
    app: "authentik.events.middleware",
    user: { username: "matt", pk: 7, email: "matt@example.com" },
    context: { model: { app: "authentik_core", model_name: "group", pk: ids.cloud.replace(/-/g, ""), name: "cloud-users" } },
    client_ip: "10.0.0.7",
    created: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
  };
}

function stateWith(events: SimulatorEvent[]): SimulatorState {
  return { ...conformanceState(), events };
}

function eventRequests(): { query: URLSearchParams }[] {
  return sim.requests.filter((r) => r.path === "/api/v3/events/events/").map((r) => ({ query: new URLSearchParams(r.query) }));
}

beforeAll(async () => {
  sim = await startSimulator({ state: stateWith([]), now: () => NOW });
  client = createAuthentikClient({ baseUrl: sim.url, token: new Secret(adminToken), readOnly: true });
  viewer = createAuthentikClient({ baseUrl: sim.url, token: new Secret(viewerToken), readOnly: true });
});
beforeEach(() => {
  sim.requests.length = 0;
});
afterAll(async () => {
  await client.close();
  await viewer.close();
  await sim.close();
});

describe("events/read-recent-events", () => {
  it("reads newest first, page by page, and stops at the first event older than the window: one list, never one request per object", async () => {
    // 130 events in the last 130 minutes, and 40 from two months ago that must never be fetched.
    sim.setState(
      stateWith([
        ...Array.from({ length: 40 }, (_, i) => past(60 * 24 * 60 + i, 1000 + i)),
        ...Array.from({ length: 130 }, (_, i) => past(i + 1, i)),
      ]),
    );

    const log = await readRecentEvents(client, { windowMs: 30 * DAY_MS, now: () => NOW });

    expect(log.readable).toBe(true);
    expect(log.notice).toBeNull();
    expect(log.events).toHaveLength(130);
    expect(log.events[0]?.at).toBe("2026-11-30T11:59:00.000Z");
    expect(log.events.every((event, i) => i === 0 || (log.events[i - 1]?.atMicros ?? 0) >= event.atMicros)).toBe(true);
    expect(log.events[0]?.object).toEqual({
      kind: "group",
      app: "authentik_core",
      modelName: "group",
      pk: ids.cloud.replace(/-/g, ""),
      name: "cloud-users",
    });
    const requests = eventRequests();
    expect(requests.map((r) => r.query.get("page"))).toEqual(["1", "2"]);
    expect(requests[0]?.query.get("ordering")).toBe("-created");
    expect(requests[0]?.query.getAll("actions")).toEqual(["model_created", "model_updated", "model_deleted"]);
  });

  it("keeps only changes to objects that decide access, dropping logins and other models", async () => {
    const login = { ...past(3, 1, "login"), context: {} };
    const token = {
      ...past(2, 2, "model_created"),
      context: { model: { app: "authentik_core", model_name: "token", pk: "abc", name: "t" } },
    };
    const binding = {
      ...past(1, 3, "model_deleted"),
      context: { model: { app: "authentik_policies", model_name: "policybinding", pk: "ab12", name: "Binding from Wiki #0 to Group x" } },
    };
    sim.setState(stateWith([login, token, binding]));

    const log = await readRecentEvents(client, { windowMs: DAY_MS, now: () => NOW });

    expect(log.events.map((event) => [event.action, event.object?.kind])).toEqual([["model_deleted", "policybinding"]]);
  });

  it("bounds the read and says so when the window holds more than it will read", async () => {
    sim.setState(stateWith(Array.from({ length: 25 }, (_, i) => past(i + 1, i))));

    const log = await readRecentEvents(client, { windowMs: DAY_MS, now: () => NOW, pageSize: 10, maxPages: 2 });

    expect(log.events).toHaveLength(20);
    expect(log.notice).toBe(
      "the event log has more than 20 model events in the window; only the newest 20 were read, so older changes are not attributed",
    );
    expect(eventRequests()).toHaveLength(2);
  });

  it("turns a token without view_event into a notice that says what to grant, not a failure", async () => {
    sim.setState(stateWith([past(1, 1)]));

    const log = await readRecentEvents(viewer, { windowMs: DAY_MS, now: () => NOW });

    expect(log).toEqual({
      readable: false,
      events: [],
      windowMs: DAY_MS,
      notice:
        "the token cannot read authentik's event log (GET /events/events/ answered 403), so findings do not say who changed what: grant the token's user the global permission authentik_events.view_event (a superuser's token has it)",
    });
  });
});

describe("events/poll-new-events", () => {
  it("learns where the log ends from a one-event page, then costs one request while nothing happens", async () => {
    sim.setState(stateWith([past(5, 1), past(4, 2)]));

    const first = await pollNewEvents(client, null);
    const quiet = await pollNewEvents(client, first.cursor);

    expect(first).toMatchObject({ events: [], overflow: false, requests: 1 });
    expect(first.cursor).toEqual({ atMicros: Date.parse("2026-11-30T11:56:00Z") * 1000, pks: ["00000000-0000-4000-8000-000000000002"] });
    expect(quiet).toEqual({ events: [], cursor: first.cursor, overflow: false, requests: 1 });
    expect(eventRequests().map((r) => r.query.get("page_size"))).toEqual(["1", "20"]);
  });

  it("returns the writes made since, newest first, and moves the cursor past them", async () => {
    sim.setState(stateWith([past(5, 1)]));
    const start = await pollNewEvents(client, null);
    await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: adminToken, body: { pk: 8 } });
    await call(sim, "DELETE", `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`, { token: adminToken });

    const polled = await pollNewEvents(client, start.cursor);
    const again = await pollNewEvents(client, polled.cursor);

    expect(polled.events.map((event) => `${event.action} ${event.object?.kind}`)).toEqual([
      "model_deleted policybinding",
      "model_updated group",
    ]);
    expect(polled.requests).toBe(1);
    expect(again.events).toEqual([]);
  });

  it("reads further pages when many writes happened, and reports an overflow beyond its bound", async () => {
    sim.setState(stateWith([past(500, 0)]));
    const start = await pollNewEvents(client, null);
    sim.state.events?.push(...Array.from({ length: 45 }, (_, i) => past(44 - i, i + 1)));

    const polled = await pollNewEvents(client, start.cursor);
    const bounded = await pollNewEvents(client, start.cursor, { pageSize: 10, maxPages: 2 });

    expect(polled).toMatchObject({ overflow: false, requests: 3 });
    expect(polled.events).toHaveLength(45);
    expect(bounded).toMatchObject({ overflow: true, requests: 2 });
    expect(bounded.events).toHaveLength(20);
  });

  it("does not lose an event logged in the same microsecond as the last one seen", async () => {
    const first = past(1, 1);
    sim.setState(stateWith([first]));
    const start = await pollNewEvents(client, null);
    sim.state.events?.push({ ...first, pk: "00000000-0000-4000-8000-000000000099" });

    const polled = await pollNewEvents(client, start.cursor);

    expect(polled.events.map((event) => event.pk)).toEqual(["00000000-0000-4000-8000-000000000099"]);
    expect(polled.cursor.pks).toEqual(["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000099"]);
  });
});
