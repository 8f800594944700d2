import { randomUUID } from "node:crypto";
import type { GenericError, ValidationError } from "@goauthentik/api";
import type { Context, Hono } from "hono";
import type { Route, SimulatorEnv } from "./create-simulator-app.js";
import { createStateIndex, type StateIndex } from "./create-state-index.js";
import {
  canonicalUuid,
  isUuid,
  parseBoolean,
  parseInteger,
  parseIntegerReference,
  parseList,
  parseString,
  parseUuidReference,
  pythonTypeName,
  requiredMessage,
  type FieldResult,
} from "./drf-fields.js";
import { findGroup, groupOptions } from "./read-routes.js";
import { can, jsonResponse, noMatch, notFound, pathParam, permissionDenied, type Caller, type RouteContext } from "./route-context.js";
import { applicationModel, bindingModel, groupModel, recordModelEvent, type EventModel } from "./record-model-event.js";
import { serializeApplication } from "./serialize-application.js";
import { serializeBinding } from "./serialize-binding.js";
import { serializeGroup } from "./serialize-group.js";
import type { SimulatorApplication, SimulatorBinding, SimulatorGroup, SimulatorPermission } from "./simulator-state.js";
import type { Wire } from "./wire.js";

type Errors = Record<string, string[]>;
type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; response: Response };

/**
 * The write endpoints the runbook's procedures use. Each one validates like DRF (all field errors
 * at once, then object-level errors), mutates `state` in place and answers like authentik.
 */
export function registerWriteRoutes(api: Hono<SimulatorEnv>, route: Route): void {
  api.post(
    "/core/groups/",
    route("add_group", async (ctx, c) => {
      const body = await readJsonObject(c);
      if (!body.ok) return body.response;
      const parsed = parseGroupBody(ctx, body.value, null);
      if (!parsed.ok) return jsonResponse(parsed.errors, 400);
      const group: SimulatorGroup = {
        pk: randomUUID(),
        name: parsed.value.name ?? "",
        is_superuser: parsed.value.is_superuser ?? false,
        parents: parsed.value.parents ?? [],
        members: parsed.value.members ?? [],
      };
      if (parsed.value.attributes) group.attributes = parsed.value.attributes;
      ctx.index.state.groups.push(group);
      recordModelEvent(ctx, "model_created", groupModel(group));
      // The serializer then sets the to-many fields, and each non-empty set is one m2m_changed.
      if ((group.members ?? []).length > 0) recordModelEvent(ctx, "model_updated", groupModel(group));
      if ((group.parents ?? []).length > 0) recordModelEvent(ctx, "model_updated", groupModel(group));
      return jsonResponse(serializeGroup(createStateIndex(ctx.index.state), group, groupOptions(ctx.params)), 201);
    }),
  );

  api.patch(
    "/core/groups/:uuid/",
    route("object", async (ctx, c) => {
      const group = findGroup(ctx.index, pathParam(c, "uuid"), can(ctx.caller, "view_group"));
      if (!group) return jsonResponse(noMatch("Group"), 404);
      if (!can(ctx.caller, "change_group")) return jsonResponse(permissionDenied, 403);
      const body = await readJsonObject(c);
      if (!body.ok) return body.response;
      const parsed = parseGroupBody(ctx, body.value, group);
      if (!parsed.ok) return jsonResponse(parsed.errors, 400);
      // `users` and `parents` replace the whole set when present and are left alone when absent.
      const before = { members: group.members ?? [], parents: group.parents ?? [] };
      Object.assign(group, parsed.value);
      recordModelEvent(ctx, "model_updated", groupModel(group));
      // Django's `set()` removes the old and adds the new in two calls, each one m2m_changed when non-empty.
      for (const [old, now] of [
        [before.members, group.members ?? []],
        [before.parents, group.parents ?? []],
      ] as const) {
        if (old.some((item) => !now.includes(item))) recordModelEvent(ctx, "model_updated", groupModel(group));
        if (now.some((item) => !old.includes(item))) recordModelEvent(ctx, "model_updated", groupModel(group));
      }
      return jsonResponse(serializeGroup(createStateIndex(ctx.index.state), group, groupOptions(ctx.params)));
    }),
  );

  api.post(
    "/core/groups/:uuid/add_user/",
    route("authenticated", (ctx, c) => changeMembership(ctx, c, "add_user_to_group")),
  );
  api.post(
    "/core/groups/:uuid/remove_user/",
    route("authenticated", (ctx, c) => changeMembership(ctx, c, "remove_user_from_group")),
  );

  api.post(
    "/policies/bindings/",
    route("add_policybinding", async (ctx, c) => {
      const body = await readJsonObject(c);
      if (!body.ok) return body.response;
      const parsed = parseBindingBody(ctx.index, body.value);
      if (!parsed.ok) return jsonResponse(parsed.errors, 400);
      ctx.index.state.bindings.push(parsed.binding);
      recordModelEvent(ctx, "model_created", describeBinding(ctx.index, parsed.binding));
      return jsonResponse(serializeBinding(createStateIndex(ctx.index.state), parsed.binding), 201);
    }),
  );

  api.patch(
    "/policies/bindings/:uuid/",
    route("object", async (ctx, c) => {
      const { index, caller } = ctx;
      const uuid = pathParam(c, "uuid");
      const binding = isUuid(uuid) && can(caller, "view_policybinding") ? index.bindingsByPk.get(canonicalUuid(uuid)) : undefined;
      if (!binding) return jsonResponse(noMatch("PolicyBinding"), 404);
      if (!can(caller, "change_policybinding")) return jsonResponse(permissionDenied, 403);
      const body = await readJsonObject(c);
      if (!body.ok) return body.response;
      const parsed = parseBindingBody(index, body.value, binding);
      if (!parsed.ok) return jsonResponse(parsed.errors, 400);
      // Replace the stored object's fields (a subject cleared by null must disappear, not linger).
      for (const key of Object.keys(binding) as (keyof SimulatorBinding)[]) delete binding[key];
      Object.assign(binding, parsed.binding);
      recordModelEvent(ctx, "model_updated", describeBinding(index, binding));
      return jsonResponse(serializeBinding(createStateIndex(index.state), binding));
    }),
  );

  api.patch(
    "/core/applications/:slug/",
    route("object", async (ctx, c) => {
      const { index, caller } = ctx;
      const app = can(caller, "view_application") ? index.applicationsBySlug.get(pathParam(c, "slug")) : undefined;
      if (!app) return jsonResponse(noMatch("Application"), 404);
      if (!can(caller, "change_application")) return jsonResponse(permissionDenied, 403);
      const body = await readJsonObject(c);
      if (!body.ok) return body.response;
      const parsed = parseApplicationBody(body.value);
      if (!parsed.ok) return jsonResponse(parsed.errors, 400);
      Object.assign(app, parsed.value);
      recordModelEvent(ctx, "model_updated", applicationModel(app));
      return jsonResponse(serializeApplication(createStateIndex(index.state), app));
    }),
  );

  api.delete(
    "/policies/bindings/:uuid/",
    route("object", (ctx, c) => {
      const { index, caller } = ctx;
      const uuid = pathParam(c, "uuid");
      const binding = isUuid(uuid) && can(caller, "view_policybinding") ? index.bindingsByPk.get(canonicalUuid(uuid)) : undefined;
      if (!binding) return jsonResponse(noMatch("PolicyBinding"), 404);
      if (!can(caller, "delete_policybinding")) return jsonResponse(permissionDenied, 403);
      // pre_delete: logged before the row goes, so the event can still name the binding's target.
      recordModelEvent(ctx, "model_deleted", describeBinding(index, binding));
      index.state.bindings.splice(index.state.bindings.indexOf(binding), 1);
      return jsonResponse(null, 204);
    }),
  );
}

/**
 * `add_user` / `remove_user` in authentik's order: the permission (globally, else on the group,
 * which must be visible), then the body `{"pk": int}`, then the group, then the user (looked up
 * among the users the caller may view, so an invisible user is a 404 too). Idempotent; 204.
 */
async function changeMembership(
  ctx: RouteContext,
  c: Context<SimulatorEnv>,
  permission: "add_user_to_group" | "remove_user_from_group",
): Promise<Response> {
  const { index, caller } = ctx;
  const group = findGroup(index, pathParam(c, "uuid"), can(caller, "view_group"));
  if (!can(caller, permission)) {
    return group ? jsonResponse(permissionDenied, 403) : jsonResponse(noMatch("Group"), 404);
  }
  const body = await readJsonObject(c);
  if (!body.ok) return body.response;
  if (body.value.pk === undefined) return jsonResponse({ pk: [requiredMessage] } satisfies Wire<ValidationError>, 400);
  const pk = body.value.pk === null ? { ok: false as const, error: "This field may not be null." } : parseInteger(body.value.pk);
  if (!pk.ok) return jsonResponse({ pk: [pk.error] } satisfies Wire<ValidationError>, 400);
  if (!group) return jsonResponse(noMatch("Group"), 404);
  const user = can(caller, "view_user") ? index.usersByPk.get(pk.value) : undefined;
  if (!user) return jsonResponse(notFound, 404);
  const members = group.members ?? [];
  if (permission === "add_user_to_group" && !members.includes(user.username)) group.members = [...members, user.username];
  if (permission === "remove_user_from_group") group.members = members.filter((m) => m !== user.username);
  // Django sends pre_add / pre_remove even when nothing changes, so an idempotent call is logged too.
  recordModelEvent(ctx, "model_updated", groupModel(group));
  return jsonResponse(null, 204);
}

type ApplicationBodyResult =
  | { ok: true; value: Partial<Pick<SimulatorApplication, "name" | "policy_engine_mode">> }
  | { ok: false; errors: Errors };

/**
 * The part of ApplicationSerializer a partial update of access needs: `name` and
 * `policy_engine_mode` (a ChoiceField). Other fields are accepted and ignored, as the simulator does
 * not store them.
 */
function parseApplicationBody(body: Record<string, unknown>): ApplicationBodyResult {
  const errors: Errors = {};
  const value: Partial<Pick<SimulatorApplication, "name" | "policy_engine_mode">> = {};
  if (body.name !== undefined) {
    const name = body.name === null ? fail("This field may not be null.") : parseString(body.name, false);
    if (!name.ok) errors.name = [name.error];
    else value.name = name.value;
  }
  if (body.policy_engine_mode !== undefined) {
    const mode = body.policy_engine_mode;
    if (mode === "any" || mode === "all") value.policy_engine_mode = mode;
    else errors.policy_engine_mode = [`"${typeof mode === "string" ? mode : JSON.stringify(mode)}" is not a valid choice.`];
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

interface GroupChanges {
  name?: string;
  is_superuser?: boolean;
  parents?: string[];
  members?: string[];
  attributes?: Record<string, unknown>;
}

type GroupBodyResult = { ok: true; value: GroupChanges } | { ok: false; errors: Errors };

/** GroupSerializer: `existing` null for a create (then `name` is required), else a partial update. */
function parseGroupBody(ctx: RouteContext, body: Record<string, unknown>, existing: SimulatorGroup | null): GroupBodyResult {
  const { index, caller } = ctx;
  const errors: Errors = {};
  const value: GroupChanges = {};

  if (body.name === undefined) {
    if (!existing) errors.name = [requiredMessage];
  } else {
    const name = body.name === null ? fail("This field may not be null.") : parseString(body.name, false);
    if (!name.ok) errors.name = [name.error];
    else if (index.state.groups.some((g) => g !== existing && g.name === name.value)) {
      errors.name = [index.features.groupParents ? "Group with this name already exists." : "This field must be unique."];
    } else value.name = name.value;
  }

  if (body.is_superuser !== undefined) {
    const flag = body.is_superuser === null ? fail<boolean>("This field may not be null.") : parseBoolean(body.is_superuser);
    if (!flag.ok) errors.is_superuser = [flag.error];
    else {
      const error = superuserPermissionError(caller, existing, flag.value);
      if (error) errors.is_superuser = [error];
      else value.is_superuser = flag.value;
    }
  }

  if (body.users !== undefined) {
    const users = parseList(body.users, (item) => parseIntegerReference(item, (pk) => index.usersByPk.get(pk)));
    if (!users.ok) errors.users = [users.error];
    else value.members = [...new Set(users.value.map((u) => u.username))];
  }

  const parents = parseParents(index, body, existing);
  if (parents && !parents.ok) errors[index.features.groupParents ? "parents" : "parent"] = [parents.error];
  else if (parents) value.parents = parents.value;

  if (body.attributes !== undefined) {
    if (body.attributes === null || typeof body.attributes !== "object" || Array.isArray(body.attributes)) {
      errors.attributes = [`Expected a dictionary of items but got type "${pythonTypeName(body.attributes)}".`];
    } else value.attributes = body.attributes as Record<string, unknown>;
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/**
 * `parents` (2025.12+, a list) or `parent` (before, one uuid or null); the other key is ignored
 * as DRF ignores unknown fields. Undefined when the body does not touch the hierarchy.
 */
function parseParents(
  index: StateIndex,
  body: Record<string, unknown>,
  existing: SimulatorGroup | null,
): FieldResult<string[]> | undefined {
  const exists = (pk: string): boolean => index.groupsByPk.has(pk);
  let parsed: FieldResult<string[]>;
  if (index.features.groupParents) {
    if (body.parents === undefined) return undefined;
    parsed =
      body.parents === null ? fail("This field may not be null.") : parseList(body.parents, (item) => parseUuidReference(item, exists));
  } else {
    if (body.parent === undefined) return undefined;
    if (body.parent === null) return { ok: true, value: [] };
    const one = parseUuidReference(body.parent, exists);
    parsed = one.ok ? { ok: true, value: [one.value] } : one;
  }
  if (!parsed.ok || !existing) return parsed;
  const unique = [...new Set(parsed.value)];
  if (unique.includes(existing.pk)) return fail("Cannot set group as parent of itself.");
  // The simulator keeps the hierarchy acyclic, as an ancestor walk over a cycle would never end.
  for (const parent of unique) {
    if (isAncestorOrSelf(index, existing.pk, parent))
      return fail(`Cannot set "${index.groupsByPk.get(parent)?.name ?? parent}" as a parent: it is a descendant of this group.`);
  }
  return { ok: true, value: unique };
}

function isAncestorOrSelf(index: StateIndex, ancestor: string, of: string): boolean {
  const seen = new Set<string>();
  const stack = [of];
  while (stack.length > 0) {
    const pk = stack.pop() as string;
    if (pk === ancestor) return true;
    if (seen.has(pk)) continue;
    seen.add(pk);
    stack.push(...(index.groupsByPk.get(pk)?.parents ?? []));
  }
  return false;
}

/** GroupSerializer.validate_is_superuser: changing the flag needs enable/disable_group_superuser. */
function superuserPermissionError(caller: Caller | null, existing: SimulatorGroup | null, superuser: boolean): string | undefined {
  if (existing && superuser === (existing.is_superuser ?? false)) return undefined;
  if (!existing && !superuser) return undefined;
  const permission: SimulatorPermission = superuser ? "enable_group_superuser" : "disable_group_superuser";
  if (can(caller, permission)) return undefined;
  return `User does not have permission to set superuser status to ${superuser ? "True" : "False"}.`;
}

type BindingBodyResult = { ok: true; binding: SimulatorBinding } | { ok: false; errors: Errors };

/**
 * PolicyBindingSerializer: field errors first (`target` and `order` required on a create), then the
 * (policy, target, order) uniqueness, then "exactly one of group, policy, user". With `existing`, a
 * partial update: absent fields keep their value, and the result is a new object to assign.
 */
function parseBindingBody(index: StateIndex, body: Record<string, unknown>, existing: SimulatorBinding | null = null): BindingBodyResult {
  const errors: Errors = {};
  const creating = existing === null;
  const field = <T>(name: string, required: boolean, nullable: boolean, parse: (v: unknown) => FieldResult<T>): T | null | undefined => {
    const raw = body[name];
    if (raw === undefined) {
      if (required) errors[name] = [requiredMessage];
      return undefined;
    }
    if (raw === null) {
      if (!nullable) errors[name] = ["This field may not be null."];
      return null;
    }
    const parsed = parse(raw);
    if (!parsed.ok) {
      errors[name] = [parsed.error];
      return undefined;
    }
    return parsed.value;
  };

  const target = field("target", creating, false, (v) => parseUuidReference(v, (pk) => index.applicationsByPk.has(pk)));
  const order = field("order", creating, false, (v) => int32(parseInteger(v), -2147483648));
  const group = field("group", false, true, (v) => parseUuidReference(v, (pk) => index.groupsByPk.has(pk)));
  const user = field("user", false, true, (v) => parseIntegerReference(v, (pk) => index.usersByPk.get(pk)));
  const policy = field("policy", false, true, (v) => parseUuidReference(v, (pk) => index.policiesByPk.has(pk)));
  const enabled = field("enabled", false, false, parseBoolean);
  const negate = field("negate", false, false, parseBoolean);
  const failureResult = field("failure_result", false, false, parseBoolean);
  const timeout = field("timeout", false, false, (v) => int32(parseInteger(v), 0));
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  // A sent null clears the subject; an absent one keeps the existing value.
  const pick = <T>(sent: T | null | undefined, kept: T | undefined): T | undefined => (sent === undefined ? kept : (sent ?? undefined));
  const merged = {
    target: target ?? existing?.target,
    order: order ?? existing?.order ?? 0,
    group: pick(group, existing?.group),
    user: pick(user === undefined || user === null ? user : user.username, existing?.user),
    policy: pick(policy, existing?.policy),
  };
  if (merged.target === undefined) return { ok: false, errors: { target: [requiredMessage] } };
  const clash = index.state.bindings.some(
    (b) => b !== existing && b.policy === merged.policy && b.target === merged.target && (b.order ?? 0) === merged.order,
  );
  if (merged.policy !== undefined && clash) {
    return { ok: false, errors: { non_field_errors: ["The fields policy, target, order must make a unique set."] } };
  }
  const subjects = [merged.group, merged.user, merged.policy].filter((s) => s !== undefined).length;
  if (subjects > 1) return { ok: false, errors: { non_field_errors: ["Only one of 'group', 'policy', 'user' can be set."] } };
  if (subjects === 0) return { ok: false, errors: { non_field_errors: ["One of 'group', 'policy', 'user' must be set."] } };

  const binding: SimulatorBinding = { pk: existing?.pk ?? randomUUID(), target: merged.target, order: merged.order };
  if (merged.group !== undefined) binding.group = merged.group;
  if (merged.user !== undefined) binding.user = merged.user;
  if (merged.policy !== undefined) binding.policy = merged.policy;
  binding.enabled = enabled ?? existing?.enabled ?? true;
  binding.negate = negate ?? existing?.negate ?? false;
  binding.timeout = timeout ?? existing?.timeout ?? 30;
  binding.failure_result = failureResult ?? existing?.failure_result ?? false;
  if (existing?.expires !== undefined) binding.expires = existing.expires;
  return { ok: true, binding };
}

function describeBinding(index: StateIndex, binding: SimulatorBinding): EventModel {
  return bindingModel(binding, {
    application: index.applicationsByPk.get(binding.target),
    group: binding.group === undefined ? undefined : index.groupsByPk.get(binding.group),
    user: binding.user === undefined ? undefined : index.usersByUsername.get(binding.user),
    policy: binding.policy === undefined ? undefined : index.policiesByPk.get(binding.policy),
  });
}

function int32(parsed: FieldResult<number>, min: number): FieldResult<number> {
  if (!parsed.ok) return parsed;
  if (parsed.value < min) return fail(`Ensure this value is greater than or equal to ${min}.`);
  if (parsed.value > 2147483647) return fail("Ensure this value is less than or equal to 2147483647.");
  return parsed;
}

/**
 * The request body as DRF's JSONParser and a serializer see it: empty means `{}`, broken JSON is
 * a 400 "JSON parse error", and anything but an object is "Invalid data".
 */
async function readJsonObject(c: Context<SimulatorEnv>): Promise<BodyResult> {
  const text = await c.req.text();
  if (text.trim() === "") return { ok: true, value: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const parseError = { detail: `JSON parse error - ${(error as Error).message}` } satisfies Wire<GenericError>;
    return { ok: false, response: jsonResponse(parseError, 400) };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    const errors = {
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(json)}.`],
    } satisfies Wire<ValidationError>;
    return { ok: false, response: jsonResponse(errors, 400) };
  }
  return { ok: true, value: json as Record<string, unknown> };
}

function fail<T = never>(error: string): FieldResult<T> {
  return { ok: false, error };
}
