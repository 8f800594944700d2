import { randomUUID } from "node:crypto";
import type { ValidationError } from "@goauthentik/api";
import type { Context, Hono } from "hono";
import { createStateIndex, type StateIndex } from "./create-state-index.js";
import { canonicalUuid, isUuid, nullMessage, parseInteger, requiredMessage } from "./drf-fields.js";
import { findGroup } from "./find-group.js";
import { parseApplicationBody } from "./parse-application-body.js";
import { parseBindingBody } from "./parse-binding-body.js";
import { parseGroupBody } from "./parse-group-body.js";
import { readGroupOptions } from "./read-include-options.js";
import { readJsonObject } from "./read-json-object.js";
import { applicationModel, bindingModel, groupModel, recordModelEvent, type EventModel } from "./record-model-event.js";
import {
  can,
  jsonResponse,
  noMatch,
  notFound,
  pathParam,
  permissionDenied,
  type RouteContext,
  type Route,
  type SimulatorEnv,
} from "./route-context.js";
import { serializeApplication } from "./serialize-application.js";
import { serializeBinding } from "./serialize-binding.js";
import { serializeGroup } from "./serialize-group.js";
import type { SimulatorBinding, SimulatorGroup } from "./simulator-state.js";
import type { Wire } from "./wire.js";

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
      return jsonResponse(serializeGroup(createStateIndex(ctx.index.state), group, readGroupOptions(ctx.params)), 201);
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
      return jsonResponse(serializeGroup(createStateIndex(ctx.index.state), group, readGroupOptions(ctx.params)));
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
  const pk = body.value.pk === null ? { ok: false as const, error: nullMessage } : parseInteger(body.value.pk);
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

function describeBinding(index: StateIndex, binding: SimulatorBinding): EventModel {
  return bindingModel(binding, {
    application: index.applicationsByPk.get(binding.target),
    group: binding.group === undefined ? undefined : index.groupsByPk.get(binding.group),
    user: binding.user === undefined ? undefined : index.usersByUsername.get(binding.user),
    policy: binding.policy === undefined ? undefined : index.policiesByPk.get(binding.policy),
  });
}
