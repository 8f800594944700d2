import {
  ApplicationFromJSON,
  EventFromJSON,
  GenericErrorFromJSON,
  GroupFromJSON,
  PaginatedApplicationListFromJSON,
  PaginatedEventListFromJSON,
  PaginatedExpressionPolicyListFromJSON,
  PaginatedGroupListFromJSON,
  PaginatedPermissionListFromJSON,
  PaginatedPolicyBindingListFromJSON,
  PaginatedUserListFromJSON,
  PatchedSettingsRequestFlagsFromJSON,
  PolicyBindingFromJSON,
  PolicyTestResultFromJSON,
  SessionUserFromJSON,
  SettingsFromJSON,
  UserFromJSON,
  ValidationErrorFromJSON,
  VersionFromJSON,
  instanceOfApplication,
  instanceOfEvent,
  instanceOfExpressionPolicy,
  instanceOfGenericError,
  instanceOfGroup,
  instanceOfPaginatedApplicationList,
  instanceOfPaginatedEventList,
  instanceOfPaginatedExpressionPolicyList,
  instanceOfPaginatedGroupList,
  instanceOfPaginatedPermissionList,
  instanceOfPaginatedPolicyBindingList,
  instanceOfPaginatedUserList,
  instanceOfPagination,
  instanceOfPartialGroup,
  instanceOfPartialUser,
  instanceOfPermission,
  instanceOfPatchedSettingsRequestFlags,
  instanceOfPolicy,
  instanceOfPolicyBinding,
  instanceOfPolicyTestResult,
  instanceOfRelatedGroup,
  instanceOfSessionUser,
  instanceOfSettings,
  instanceOfUser,
  instanceOfUserSelf,
  instanceOfValidationError,
  instanceOfVersion,
} from "@goauthentik/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorEvent } from "../../src/simulator/index.js";
import { adminToken, call, conformanceState, fixedNow, ids, objectViewerToken, plainToken, viewerToken } from "./fixtures.js";
import { createOpenApiValidator } from "./openapi-validator.js";

/**
 * Every response the simulator gives is read back with the official client's `*FromJSON` and
 * checked with its `instanceOf*` (envelope and every item), and validated against the response
 * schema of its path and method in the official OpenAPI document.
 */
const validator = createOpenApiValidator();

/** A login, which the writes below do not log: the event list holds it beside the model events. */
const seededEvent: SimulatorEvent = {
  pk: "0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4",
  action: "login",
  app: "authentik.events.signals",
  user: { username: "jodie", pk: 8, email: "jodie@example.com" },
  context: {
    auth_method: "password",
    http_request: { args: {}, path: "/api/v3/flows/executor/default-authentication-flow/", method: "POST", user_agent: "" },
  },
  client_ip: "10.0.0.7",
  created: "2026-11-30T14:02:00Z",
};

interface ConformanceCase {
  name: string;
  method: string;
  path: string;
  /** The path as the OpenAPI document spells it. */
  template: string;
  status: number;
  token?: string;
  body?: unknown;
  /** Reads the body with the official model and returns how many items it checked. */
  check: (json: unknown) => number;
}

function checkEach<T extends object>(items: readonly T[], is: (value: object) => boolean): number {
  for (const item of items) expect(is(item)).toBe(true);
  return items.length;
}

const cases: ConformanceCase[] = [
  {
    name: "version",
    method: "GET",
    path: "/api/v3/admin/version/",
    template: "/admin/version/",
    status: 200,
    check: (json) => {
      const version = VersionFromJSON(json);
      expect(instanceOfVersion(version)).toBe(true);
      expect(version.versionCurrent).toBe("2026.8.3");
      return 1;
    },
  },
  {
    name: "settings",
    method: "GET",
    path: "/api/v3/admin/settings/",
    template: "/admin/settings/",
    status: 200,
    check: (json) => {
      const settings = SettingsFromJSON(json);
      expect(instanceOfSettings(settings)).toBe(true);
      expect(instanceOfPatchedSettingsRequestFlags(PatchedSettingsRequestFlagsFromJSON((json as { flags: unknown }).flags))).toBe(true);
      expect(settings.flags.coreDefaultAppAccess).toBe(true);
      return 1;
    },
  },
  {
    name: "users/me",
    method: "GET",
    path: "/api/v3/core/users/me/",
    template: "/core/users/me/",
    status: 200,
    check: (json) => {
      const session = SessionUserFromJSON(json);
      expect(instanceOfSessionUser(session)).toBe(true);
      expect(instanceOfUserSelf(session.user)).toBe(true);
      expect(session.user.username).toBe("akadmin");
      return 1 + checkEach(session.users, instanceOfUserSelf);
    },
  },
  ...["", "?include_groups=false&include_roles=false", "?username=matt"].map((query) => ({
    name: `users list ${query}`,
    method: "GET",
    path: `/api/v3/core/users/${query}`,
    template: "/core/users/",
    status: 200,
    check: (json: unknown) => {
      const list = PaginatedUserListFromJSON(json);
      expect(instanceOfPaginatedUserList(list)).toBe(true);
      expect(instanceOfPagination(list.pagination)).toBe(true);
      expect(list.results.length).toBe(query === "?username=matt" ? 1 : 9);
      for (const user of list.results) checkEach(user.groupsObj ?? [], instanceOfPartialGroup);
      return checkEach(list.results, instanceOfUser);
    },
  })),
  {
    name: "user detail",
    method: "GET",
    path: "/api/v3/core/users/7/",
    template: "/core/users/{id}/",
    status: 200,
    check: (json) => {
      const user = UserFromJSON(json);
      expect(user.dateJoined).toBeInstanceOf(Date);
      expect(user.isSuperuser).toBe(true);
      return checkEach([user], instanceOfUser);
    },
  },
  ...["", "?include_users=false", "?include_parents=true&include_children=true&include_inherited_roles=true"].map((query) => ({
    name: `groups list ${query}`,
    method: "GET",
    path: `/api/v3/core/groups/${query}`,
    template: "/core/groups/",
    status: 200,
    check: (json: unknown) => {
      const list = PaginatedGroupListFromJSON(json);
      expect(instanceOfPaginatedGroupList(list)).toBe(true);
      expect(list.results.length).toBe(5);
      for (const group of list.results) {
        checkEach(group.usersObj ?? [], instanceOfPartialUser);
        checkEach(group.parentsObj ?? [], instanceOfRelatedGroup);
        checkEach(group.childrenObj ?? [], instanceOfRelatedGroup);
      }
      return checkEach(list.results, instanceOfGroup);
    },
  })),
  {
    name: "group detail",
    method: "GET",
    path: `/api/v3/core/groups/${ids.mediaKids}/?include_parents=true`,
    template: "/core/groups/{group_uuid}/",
    status: 200,
    check: (json) => {
      const group = GroupFromJSON(json);
      expect(group.parentsObj?.map((p) => p.name)).toEqual(["media-users"]);
      return checkEach([group], instanceOfGroup);
    },
  },
  ...["?superuser_full_list=true", "", `?for_user=8`].map((query) => ({
    name: `applications list ${query}`,
    method: "GET",
    path: `/api/v3/core/applications/${query}`,
    template: "/core/applications/",
    status: 200,
    check: (json: unknown) => {
      const list = PaginatedApplicationListFromJSON(json);
      expect(instanceOfPaginatedApplicationList(list)).toBe(true);
      expect(list.pagination.count).toBe(5);
      return checkEach(list.results, instanceOfApplication);
    },
  })),
  {
    name: "application detail",
    method: "GET",
    path: "/api/v3/core/applications/jellyfin/",
    template: "/core/applications/{slug}/",
    status: 200,
    check: (json) => checkEach([ApplicationFromJSON(json)], instanceOfApplication),
  },
  {
    name: "check_access",
    method: "GET",
    path: "/api/v3/core/applications/vaultwarden/check_access/?for_user=8",
    template: "/core/applications/{slug}/check_access/",
    status: 200,
    check: (json) => {
      const result = PolicyTestResultFromJSON(json);
      expect(result.passing).toBe(true);
      return checkEach([result], instanceOfPolicyTestResult);
    },
  },
  ...["", `?target=${ids.nextcloud}`, "?enabled=false"].map((query) => ({
    name: `bindings list ${query}`,
    method: "GET",
    path: `/api/v3/policies/bindings/${query}`,
    template: "/policies/bindings/",
    status: 200,
    check: (json: unknown) => {
      const list = PaginatedPolicyBindingListFromJSON(json);
      expect(instanceOfPaginatedPolicyBindingList(list)).toBe(true);
      expect(list.results.length).toBe(query === "" ? 7 : query === "?enabled=false" ? 1 : 2);
      for (const binding of list.results) {
        if (binding.groupObj) expect(instanceOfPartialGroup(binding.groupObj)).toBe(true);
        if (binding.userObj) expect(instanceOfPartialUser(binding.userObj)).toBe(true);
        if (binding.policyObj) expect(instanceOfPolicy(binding.policyObj)).toBe(true);
      }
      return checkEach(list.results, instanceOfPolicyBinding);
    },
  })),
  {
    name: "binding detail",
    method: "GET",
    path: `/api/v3/policies/bindings/${ids.bindProxmoxExpired}/`,
    template: "/policies/bindings/{policy_binding_uuid}/",
    status: 200,
    check: (json) => {
      const binding = PolicyBindingFromJSON(json);
      expect(binding.expires?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
      expect(binding.expiring).toBe(true);
      return checkEach([binding], instanceOfPolicyBinding);
    },
  },
  {
    name: "create group",
    method: "POST",
    path: "/api/v3/core/groups/",
    template: "/core/groups/",
    status: 201,
    body: { name: "new-group", parents: [ids.media], users: [8] },
    check: (json) => checkEach([GroupFromJSON(json)], instanceOfGroup),
  },
  {
    name: "patch group",
    method: "PATCH",
    path: `/api/v3/core/groups/${ids.cloud}/`,
    template: "/core/groups/{group_uuid}/",
    status: 200,
    body: { users: [9] },
    check: (json) => checkEach([GroupFromJSON(json)], instanceOfGroup),
  },
  {
    name: "create binding",
    method: "POST",
    path: "/api/v3/policies/bindings/",
    template: "/policies/bindings/",
    status: 201,
    body: { target: ids.wiki, group: ids.cloud, order: 1 },
    check: (json) => checkEach([PolicyBindingFromJSON(json)], instanceOfPolicyBinding),
  },
  // After the writes above, so the log holds what they recorded as well as the seeded event.
  ...[
    "",
    "?ordering=-created&actions=model_created&actions=model_updated&actions=model_deleted",
    "?context_model_app=authentik_core&username=akadmin",
  ].map((query) => ({
    name: `events list ${query}`,
    method: "GET",
    path: `/api/v3/events/events/${query}`,
    template: "/events/events/",
    status: 200,
    check: (json: unknown) => {
      const list = PaginatedEventListFromJSON(json);
      expect(instanceOfPaginatedEventList(list)).toBe(true);
      // Created with a member and a parent (3 events), a member added (2), a binding created (1), and the seeded login.
      expect(list.results.length).toBe(query === "" ? 7 : query.includes("context_model_app") ? 5 : 6);
      for (const event of list.results) expect(event.created).toBeInstanceOf(Date);
      return checkEach(list.results, instanceOfEvent);
    },
  })),
  {
    name: "event detail",
    method: "GET",
    path: `/api/v3/events/events/${seededEvent.pk}/`,
    template: "/events/events/{event_uuid}/",
    status: 200,
    check: (json) => {
      const event = EventFromJSON(json);
      expect(event.clientIp).toBe("10.0.0.7");
      expect(event.expires?.toISOString()).toBe("2027-11-30T14:02:00.000Z");
      return checkEach([event], instanceOfEvent);
    },
  },
  {
    name: "patch binding",
    method: "PATCH",
    path: `/api/v3/policies/bindings/${ids.bindProxmoxDisabled}/`,
    template: "/policies/bindings/{policy_binding_uuid}/",
    status: 200,
    body: { enabled: true, negate: false },
    check: (json) => {
      const binding = PolicyBindingFromJSON(json);
      expect(binding.enabled).toBe(true);
      return checkEach([binding], instanceOfPolicyBinding);
    },
  },
  {
    name: "patch application",
    method: "PATCH",
    path: "/api/v3/core/applications/wiki/",
    template: "/core/applications/{slug}/",
    status: 200,
    body: { policy_engine_mode: "all" },
    check: (json) => {
      const app = ApplicationFromJSON(json);
      expect(app.policyEngineMode).toBe("all");
      return checkEach([app], instanceOfApplication);
    },
  },
  {
    name: "expression policies list",
    method: "GET",
    path: "/api/v3/policies/expression/",
    template: "/policies/expression/",
    status: 200,
    check: (json) => {
      const list = PaginatedExpressionPolicyListFromJSON(json);
      expect(instanceOfPaginatedExpressionPolicyList(list)).toBe(true);
      expect(list.results.map((policy) => policy.name)).toEqual(["media-check"]);
      return checkEach(list.results, instanceOfExpressionPolicy);
    },
  },
  {
    name: "400 validation error of a patch",
    method: "PATCH",
    path: "/api/v3/core/applications/wiki/",
    template: "/core/applications/{slug}/",
    status: 400,
    body: { policy_engine_mode: "most" },
    check: (json) => checkEach([ValidationErrorFromJSON(json)], instanceOfValidationError),
  },
  {
    name: "400 validation error",
    method: "POST",
    path: "/api/v3/policies/bindings/",
    template: "/policies/bindings/",
    status: 400,
    body: { target: ids.wiki },
    check: (json) => checkEach([ValidationErrorFromJSON(json)], instanceOfValidationError),
  },
  {
    name: "users/me of a token with global permissions through a role",
    method: "GET",
    path: "/api/v3/core/users/me/",
    template: "/core/users/me/",
    status: 200,
    token: viewerToken,
    check: (json) => {
      const session = SessionUserFromJSON(json);
      expect(session.user.roles).toEqual([{ pk: "00000000-0000-4000-a000-000000000003", name: "viewer (token role 3)" }]);
      expect(session.user.systemPermissions).toEqual(["view_system_settings"]);
      return checkEach([session.user], instanceOfUserSelf);
    },
  },
  ...[
    ["", 18],
    ["?role=00000000-0000-4000-a000-000000000003", 5],
    ["?content_type__app_label=authentik_policies", 4],
  ].map(([query, count]) => ({
    name: `permissions list ${query}`,
    method: "GET",
    path: `/api/v3/rbac/permissions/${query}`,
    template: "/rbac/permissions/",
    status: 200,
    token: viewerToken,
    check: (json: unknown) => {
      const list = PaginatedPermissionListFromJSON(json);
      expect(instanceOfPaginatedPermissionList(list)).toBe(true);
      expect(list.results).toHaveLength(Number(count));
      return checkEach(list.results, instanceOfPermission);
    },
  })),
  ...(
    [
      ["/core/users/", 2],
      ["/core/groups/", 1],
    ] as const
  ).map(([template, count]) => ({
    name: `${template} narrowed to the objects of object permissions`,
    method: "GET",
    path: `/api/v3${template}`,
    template,
    status: 200,
    token: objectViewerToken,
    check: (json: unknown) => {
      const list = json as { pagination: { count: number }; results: unknown[] };
      expect(list.results).toHaveLength(count);
      expect(list.pagination.count).toBe(count);
      return list.results.length;
    },
  })),
  {
    name: "403 for a list the token holds no object permission in",
    method: "GET",
    path: "/api/v3/policies/bindings/",
    template: "/policies/bindings/",
    status: 403,
    token: objectViewerToken,
    check: (json) => checkEach([GenericErrorFromJSON(json)], instanceOfGenericError),
  },
  {
    name: "403 permission error",
    method: "GET",
    path: "/api/v3/core/users/",
    template: "/core/users/",
    status: 403,
    token: plainToken,
    check: (json) => checkEach([GenericErrorFromJSON(json)], instanceOfGenericError),
  },
];

describe("simulator/conformance with @goauthentik/api and schema.yml", () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ state: { ...conformanceState(), events: [seededEvent] }, now: fixedNow });
  });

  afterAll(async () => {
    await sim.close();
  });

  it("validates against the schema of the same version as the simulated one", () => {
    expect(validator.version).toBe("2026.8.3");
  });

  it.each(cases)("$name: $method $path", async ({ method, path, template, status, token, body, check }) => {
    const response = await call(sim, method, path, { token: token ?? adminToken, body });

    expect(response.status).toBe(status);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(validator.validate(template, method, status, response.body)).toEqual([]);
    expect(check(response.body)).toBeGreaterThan(0);
  });

  it("answers 204 with no body to add_user, as the schema declares", async () => {
    const response = await call(sim, "POST", `/api/v3/core/groups/${ids.cloud}/add_user/`, { token: adminToken, body: { pk: 8 } });

    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect(validator.validate("/core/groups/{group_uuid}/add_user/", "POST", 204, response.body)).toEqual([]);
  });

  it("the validator itself rejects a field the schema does not have", () => {
    const legacy = {
      pk: ids.media,
      num_pk: 1,
      name: "x",
      parent: null,
      parents_obj: null,
      users_obj: null,
      roles_obj: [],
      inherited_roles_obj: null,
      children: [],
      children_obj: null,
    };

    const problems = validator.validate("/core/groups/{group_uuid}/", "GET", 200, legacy);

    expect(problems.join("\n")).toContain("additionalProperty");
  });

  it("the validator itself rejects a missing required field and a wrong null", () => {
    const broken = {
      pk: ids.media,
      name: "x",
      parents_obj: null,
      users_obj: null,
      roles_obj: null,
      inherited_roles_obj: null,
      children: [],
      children_obj: null,
    };

    const problems = validator.validate("/core/groups/{group_uuid}/", "GET", 200, broken).join("\n");

    expect(problems).toContain("must have required property 'num_pk'");
    expect(problems).toContain("/roles_obj must be array");
  });
});
