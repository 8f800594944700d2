import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorRequest, type SimulatorState } from "../../src/simulator/index.js";
import { adminToken, call, conformanceState, fixedNow, get, ids, resultsOf, viewerToken } from "./fixtures.js";

/** Can change and view bindings and applications, nothing else. */
const bindingEditorToken = "binding-editor-token";

function state(): SimulatorState {
  const base = conformanceState();
  base.tokens.push({
    key: bindingEditorToken,
    user: "viewer",
    permissions: ["view_application", "view_policybinding", "change_policybinding", "change_application"],
  });
  return base;
}

describe("simulator/the write endpoints `apply` needs beyond the runbook's", () => {
  let sim: Simulator;
  const answered: SimulatorRequest[] = [];

  beforeEach(async () => {
    answered.length = 0;
    sim = await startSimulator({ state: state(), now: fixedNow, onAnswered: (request) => answered.push({ ...request }) });
  });

  afterEach(async () => {
    await sim.close();
  });

  function binding(pk: string) {
    return sim.state.bindings.find((candidate) => candidate.pk === pk);
  }

  describe("PATCH /policies/bindings/{uuid}/", () => {
    it("re-enables a disabled binding and keeps every other field", async () => {
      const response = await call(sim, "PATCH", `/api/v3/policies/bindings/${ids.bindProxmoxDisabled}/`, {
        token: bindingEditorToken,
        body: { enabled: true },
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ pk: ids.bindProxmoxDisabled, enabled: true, negate: false, group: ids.cloud, order: 5 });
      expect(binding(ids.bindProxmoxDisabled)).toEqual({
        pk: ids.bindProxmoxDisabled,
        target: ids.proxmox,
        group: ids.cloud,
        order: 5,
        enabled: true,
        negate: false,
        timeout: 30,
        failure_result: false,
      });
    });

    it("un-negates, and the app admits the group's members instead of everyone else", async () => {
      const before = await get(sim, "/api/v3/core/applications/wiki/check_access/?for_user=8");

      const response = await call(sim, "PATCH", `/api/v3/policies/bindings/${ids.bindWikiNegated}/`, {
        token: adminToken,
        body: { negate: false },
      });
      const after = await get(sim, "/api/v3/core/applications/wiki/check_access/?for_user=8");

      expect(response.status).toBe(200);
      expect((before.body as { passing: boolean }).passing).toBe(false);
      expect((after.body as { passing: boolean }).passing).toBe(true);
    });

    it("keeps an expiry, which the API cannot write", async () => {
      const response = await call(sim, "PATCH", `/api/v3/policies/bindings/${ids.bindProxmoxExpired}/`, {
        token: adminToken,
        body: { order: 3, expires: null },
      });

      expect(response.status).toBe(200);
      expect(binding(ids.bindProxmoxExpired)?.expires).toBe("2026-01-01T00:00:00Z");
      expect(binding(ids.bindProxmoxExpired)?.order).toBe(3);
    });

    it.each([
      { body: { enabled: "sometimes" }, errors: { enabled: ["Must be a valid boolean."] } },
      { body: { negate: null }, errors: { negate: ["This field may not be null."] } },
      { body: { user: 9 }, errors: { non_field_errors: ["Only one of 'group', 'policy', 'user' can be set."] } },
      { body: { group: null }, errors: { non_field_errors: ["One of 'group', 'policy', 'user' must be set."] } },
    ])("answers 400 $errors and changes nothing", async ({ body, errors }) => {
      const before = structuredClone(binding(ids.bindJellyfinMedia));

      const response = await call(sim, "PATCH", `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`, { token: adminToken, body });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(errors);
      expect(binding(ids.bindJellyfinMedia)).toEqual(before);
    });

    it("answers 403 without change_policybinding, 404 for an unknown binding", async () => {
      const forbidden = await call(sim, "PATCH", `/api/v3/policies/bindings/${ids.bindJellyfinMedia}/`, {
        token: viewerToken,
        body: { enabled: false },
      });
      const unknown = await call(sim, "PATCH", "/api/v3/policies/bindings/00000000-0000-4000-8000-000000000000/", {
        token: adminToken,
        body: { enabled: false },
      });

      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ detail: "You do not have permission to perform this action." });
      expect(unknown.status).toBe(404);
      expect(binding(ids.bindJellyfinMedia)?.enabled).toBeUndefined();
    });
  });

  describe("PATCH /core/applications/{slug}/", () => {
    it("sets the policy engine mode", async () => {
      const response = await call(sim, "PATCH", "/api/v3/core/applications/vaultwarden/", {
        token: bindingEditorToken,
        body: { policy_engine_mode: "any" },
      });

      expect(response.status).toBe(200);
      expect((response.body as { policy_engine_mode: string }).policy_engine_mode).toBe("any");
      expect(sim.state.applications.find((app) => app.slug === "vaultwarden")?.policy_engine_mode).toBe("any");
    });

    it("answers 400 for a mode that is no choice, 403 without change_application, 404 for an unknown slug", async () => {
      const invalid = await call(sim, "PATCH", "/api/v3/core/applications/vaultwarden/", {
        token: adminToken,
        body: { policy_engine_mode: "most" },
      });
      const forbidden = await call(sim, "PATCH", "/api/v3/core/applications/vaultwarden/", {
        token: viewerToken,
        body: { policy_engine_mode: "any" },
      });
      const unknown = await call(sim, "PATCH", "/api/v3/core/applications/nope/", {
        token: adminToken,
        body: { policy_engine_mode: "any" },
      });

      expect(invalid.status).toBe(400);
      expect(invalid.body).toEqual({ policy_engine_mode: ['"most" is not a valid choice.'] });
      expect(forbidden.status).toBe(403);
      expect(unknown.status).toBe(404);
      expect(sim.state.applications.find((app) => app.slug === "vaultwarden")?.policy_engine_mode).toBe("all");
    });
  });

  describe("GET /policies/expression/", () => {
    it("lists the expression policies only, with their expressions", async () => {
      const response = await get(sim, "/api/v3/policies/expression/");

      expect(response.status).toBe(200);
      expect(resultsOf(response).map((policy) => [policy.name, policy.expression, policy.component])).toEqual([
        ["media-check", 'return ak_is_group_member(request.user, name="media-users")', "ak-policy-expression-form"],
      ]);
    });

    it("answers 403 without view_expressionpolicy", async () => {
      const response = await get(sim, "/api/v3/policies/expression/", viewerToken);

      expect(response.status).toBe(403);
    });
  });

  describe("onAnswered", () => {
    it("sees each request once it is answered, with the state it left behind", async () => {
      const seen: (boolean | undefined)[] = [];
      await sim.close();
      sim = await startSimulator({
        state: state(),
        now: fixedNow,
        onAnswered: (request) => {
          if (request.method === "PATCH") seen.push(sim.state.bindings.find((b) => b.pk === ids.bindProxmoxDisabled)?.enabled);
        },
      });

      await get(sim, "/api/v3/core/groups/");
      await call(sim, "PATCH", `/api/v3/policies/bindings/${ids.bindProxmoxDisabled}/`, { token: adminToken, body: { enabled: true } });

      expect(seen).toEqual([true]);
      expect(answered).toEqual([]);
    });

    it("is called with the answered status, faults included", async () => {
      sim.addFault({ method: "POST", path: "/api/v3/policies/bindings/", status: 500 });

      await get(sim, "/api/v3/core/users/me/");
      await call(sim, "POST", "/api/v3/policies/bindings/", { token: adminToken, body: {} });

      expect(answered.map(({ method, path, status }) => [method, path, status])).toEqual([
        ["GET", "/api/v3/core/users/me/", 200],
        ["POST", "/api/v3/policies/bindings/", 500],
      ]);
    });
  });
});
