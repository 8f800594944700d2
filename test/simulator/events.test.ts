import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorEvent, type SimulatorState } from "../../src/simulator/index.js";
import { adminToken, call, conformanceState, fixedNow, get, ids, plainToken, resultsOf, viewerToken } from "./fixtures.js";

const eventReaderToken = "event-reader-token";

function stateWithEvents(): SimulatorState {
  const state = conformanceState();
  state.tokens.push({ key: eventReaderToken, user: "viewer", permissions: ["view_event"] });
  state.events = [
    seeded("0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4", "login", "2026-08-01T09:00:00Z", "jodie", {}),
    seeded("1c7e2f3a-4d5b-4c6d-9e7f-8091a2b3c4d5", "model_deleted", "2026-08-02T10:00:00.5Z", "matt", {
      model: {
        app: "authentik_policies",
        model_name: "policybinding",
        pk: "5a8f92de81d54cf692737093de0f568d",
        name: "Binding from Mailcow #0 to Group communication-users",
      },
    }),
    seeded("2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6", "model_updated", "2026-08-02T10:00:00Z", "matt", {
      model: { app: "authentik_core", model_name: "user", pk: 9, name: "Riley" },
    }),
  ];
  return state;
}

function seeded(pk: string, action: string, created: string, username: string, context: Record<string, unknown>): SimulatorEvent {
  return { pk, action, app: "authentik.events.middleware", user: { username, pk: 1, email: "" }, context, client_ip: "10.0.0.7", created };
}

interface WireEvent {
  pk: string;
  action: string;
  app: string;
  user: Record<string, unknown>;
  context: { model?: Record<string, unknown>; http_request?: Record<string, unknown> };
  client_ip: string | null;
  created: string;
  expires: string;
}

describe("simulator/event log", () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ state: stateWithEvents(), now: fixedNow });
  });

  afterEach(async () => {
    await sim.close();
  });

  function events(query = ""): Promise<WireEvent[]> {
    return get(sim, `/api/v3/events/events/${query}`).then((response) => resultsOf(response) as unknown as WireEvent[]);
  }

  it("serves seeded events newest first by default", async () => {
    const listed = await events();

    expect(listed.map((event) => event.created)).toEqual(["2026-08-02T10:00:00.5Z", "2026-08-02T10:00:00Z", "2026-08-01T09:00:00Z"]);
    expect(listed[0]).toMatchObject({ action: "model_deleted", client_ip: "10.0.0.7", user: { username: "matt" } });
    expect(listed[0]?.expires).toBe("2027-08-02T10:00:00.500Z");
  });

  it("logs a deleted binding as model_deleted by the caller, from the forwarded address, naming the binding as authentik's __str__ does", async () => {
    const response = await call(sim, "DELETE", `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`, {
      token: adminToken,
      headers: { "x-forwarded-for": "10.0.0.7, 172.16.0.1", "user-agent": "curl/8.5.0" },
    });

    const [newest] = await events();
    expect(response.status).toBe(204);
    expect(newest).toMatchObject({
      action: "model_deleted",
      app: "authentik.events.middleware",
      user: { username: "akadmin", pk: 4, email: "akadmin@example.com" },
      client_ip: "10.0.0.7",
      created: "2026-08-15T12:00:00.000000Z",
      context: {
        model: {
          app: "authentik_policies",
          model_name: "policybinding",
          pk: ids.bindJellyfinMedia.replace(/-/g, ""),
          name: "Binding from Jellyfin #0 to Group media-users",
        },
        http_request: { method: "DELETE", path: `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`, args: {}, user_agent: "curl/8.5.0" },
      },
    });
  });

  it("takes the peer address when no X-Forwarded-For is sent", async () => {
    await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: adminToken, body: { pk: 8 } });

    const [newest] = await events();
    expect(newest?.client_ip).toBe("127.0.0.1");
  });

  it("logs a membership change as model_updated on the group, without naming the user", async () => {
    await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: adminToken, body: { pk: 9 } });
    await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/remove_user/`, { token: adminToken, body: { pk: 9 } });

    const [removed, added] = await events();
    for (const event of [removed, added]) {
      expect(event?.action).toBe("model_updated");
      expect(event?.context.model).toEqual({
        app: "authentik_core",
        model_name: "group",
        pk: ids.cloud.replace(/-/g, ""),
        name: "cloud-users",
      });
      expect(JSON.stringify(event?.context.model)).not.toContain("riley");
    }
    expect(added?.created).toBe("2026-08-15T12:00:00.000000Z");
    expect(removed?.created).toBe("2026-08-15T12:00:00.000001Z");
  });

  it.each([
    {
      name: "a group created with members and a parent: created, then one update per to-many field",
      method: "POST",
      path: "/api/v3/core/groups/",
      body: { name: "finance-users", users: [8], parents: [ids.media] },
      expected: [
        ["model_created", "group", "finance-users"],
        ["model_updated", "group", "finance-users"],
        ["model_updated", "group", "finance-users"],
      ],
    },
    {
      name: "a group created without members: created only",
      method: "POST",
      path: "/api/v3/core/groups/",
      body: { name: "empty-users" },
      expected: [["model_created", "group", "empty-users"]],
    },
    {
      name: "a rename: one update",
      method: "PATCH",
      path: `/api/v3/core/groups/${ids.cloud}/`,
      body: { name: "cloud-people" },
      expected: [["model_updated", "group", "cloud-people"]],
    },
    {
      name: "members replaced: the save, the removal and the addition",
      method: "PATCH",
      path: `/api/v3/core/groups/${ids.media}/`,
      body: { users: [9] },
      expected: [
        ["model_updated", "group", "media-users"],
        ["model_updated", "group", "media-users"],
        ["model_updated", "group", "media-users"],
      ],
    },
    {
      name: "a binding created for a user: named with the user's display name",
      method: "POST",
      path: "/api/v3/policies/bindings/",
      body: { target: ids.wiki, user: 9, order: 3 },
      expected: [["model_created", "policybinding", "Binding from Wiki #3 to User Riley"]],
    },
    {
      name: "a policy binding",
      method: "POST",
      path: "/api/v3/policies/bindings/",
      body: { target: ids.wiki, policy: ids.deny, order: 4 },
      expected: [["model_created", "policybinding", "Binding from Wiki #4 to Policy always-deny"]],
    },
  ])("records $name", async ({ method, path, body, expected }) => {
    const before = sim.state.events?.length ?? 0;

    const response = await call(sim, method, path, { token: adminToken, body });

    expect(response.status).toBeLessThan(300);
    const recorded = (sim.state.events ?? []).slice(before);
    expect(
      recorded.map((event) => {
        const model = event.context.model as { model_name: string; name: string };
        return [event.action, model.model_name, model.name];
      }),
    ).toEqual(expected);
  });

  it("records nothing for a refused write", async () => {
    const before = sim.state.events?.length;

    const response = await call(sim, "DELETE", `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`, { token: viewerToken });

    expect(response.status).toBe(403);
    expect(sim.state.events?.length).toBe(before);
  });

  it.each([
    ["?action=DELETED", ["1c7e2f3a-4d5b-4c6d-9e7f-8091a2b3c4d5"]],
    ["?actions=model_updated&actions=login", ["2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6", "0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4"]],
    ["?username=jodie", ["0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4"]],
    ["?context_model_app=authentik_policies&context_model_name=policybinding", ["1c7e2f3a-4d5b-4c6d-9e7f-8091a2b3c4d5"]],
    ["?context_model_pk=5a8f92de-81d5-4cf6-9273-7093de0f568d", ["1c7e2f3a-4d5b-4c6d-9e7f-8091a2b3c4d5"]],
    ["?context_model_pk=9", ["2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6"]],
    ["?client_ip=10.0.0.8", []],
    ["?search=riley", ["2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6"]],
    [
      "?ordering=created",
      ["0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4", "2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6", "1c7e2f3a-4d5b-4c6d-9e7f-8091a2b3c4d5"],
    ],
    [
      "?ordering=no_such_field",
      ["1c7e2f3a-4d5b-4c6d-9e7f-8091a2b3c4d5", "2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6", "0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4"],
    ],
    ["?ordering=-created&page_size=1&page=2", ["2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6"]],
  ])("filters and orders %s as authentik does", async (query, pks) => {
    expect((await events(query)).map((event) => event.pk)).toEqual(pks);
  });

  it("refuses an unknown action choice with a validation error", async () => {
    const response = await get(sim, "/api/v3/events/events/?actions=model_exploded");

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ actions: ["Select a valid choice. model_exploded is not one of the available choices."] });
  });

  it("answers 403 to a token without view_event, and serves one with it", async () => {
    const denied = await get(sim, "/api/v3/events/events/", plainToken);
    const allowed = await get(sim, "/api/v3/events/events/", eventReaderToken);

    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ detail: "You do not have permission to perform this action." });
    expect(allowed.status).toBe(200);
    expect(resultsOf(allowed)).toHaveLength(3);
  });

  it("serves one event by its uuid, and 404 for an unknown one", async () => {
    const found = await get(sim, "/api/v3/events/events/2d8f3a4b-5e6c-4d7e-8f80-91a2b3c4d5e6/");
    const missing = await get(sim, "/api/v3/events/events/3e9f4a5b-6e7c-4d8e-9f80-91a2b3c4d5e6/");

    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ action: "model_updated", context: { model: { pk: 9 } } });
    expect(missing.status).toBe(404);
  });

  it("refuses a seeded event with an unknown action, naming the field", () => {
    const state = stateWithEvents();
    (state.events as SimulatorEvent[])[0] = { ...(state.events?.[0] as SimulatorEvent), action: "model_exploded" };

    expect(() => sim.setState(state)).toThrow(/events\[0\]\.action/);
  });
});
