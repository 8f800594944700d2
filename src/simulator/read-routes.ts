import type { ValidationError } from "@goauthentik/api";
import type { Hono } from "hono";
import type { StateIndex } from "./create-state-index.js";
import { canonicalUuid, isUuid } from "./drf-fields.js";
import { evaluateAccess } from "./evaluate-access.js";
import { filterBindings } from "./filter-bindings.js";
import { filterEvents } from "./filter-events.js";
import { findGroup } from "./find-group.js";
import { listApplications } from "./list-applications.js";
import { listResponse } from "./list-response.js";
import { booleanFilterParam, filterParam, lastParam } from "./query-params.js";
import { readGroupOptions, readUserOptions } from "./read-include-options.js";
import {
  can,
  canView,
  jsonResponse,
  noMatch,
  pathParam,
  permissionDenied,
  visibleInOrder,
  visibleObjects,
  type Route,
  type SimulatorEnv,
} from "./route-context.js";
import { serializeApplication } from "./serialize-application.js";
import { serializeBinding } from "./serialize-binding.js";
import { serializeEvent } from "./serialize-event.js";
import { serializeGroup } from "./serialize-group.js";
import { serializePermission, simulatorPermissions } from "./serialize-permission.js";
import { serializeExpressionPolicy, serializePolicyTestResult } from "./serialize-policy.js";
import { serializeSettings, serializeVersion } from "./serialize-settings.js";
import { serializeSessionUser, serializeUser } from "./serialize-user.js";
import type { SimulatorUser } from "./simulator-state.js";
import { sortBy } from "./sort-by.js";
import { findTokenByRole, tokenRole } from "./token-role.js";
import type { Wire } from "./wire.js";

/** GET endpoints. Lists come in the viewsets' `ordering` (`StateIndex.usersInOrder()` and the like). */
export function registerReadRoutes(api: Hono<SimulatorEnv>, route: Route): void {
  api.get(
    "/admin/version/",
    route("authenticated", ({ index }) => jsonResponse(serializeVersion(index))),
  );

  api.get(
    "/admin/settings/",
    route("view_system_settings", ({ index }) => jsonResponse(serializeSettings(index))),
  );

  api.get(
    "/core/users/me/",
    route("authenticated", ({ index, caller }) => {
      if (!caller) return jsonResponse(noMatch("User"), 404);
      const permissions = caller.superuser ? [] : [...caller.permissions];
      const role = tokenRole(index.state, caller.token);
      return jsonResponse(serializeSessionUser(index, caller.user, permissions, role ? [role] : []));
    }),
  );

  // RBACPermissionViewSet: any authenticated user may list permissions, and `role=` narrows them to
  // the global permissions that role holds (`authentik/rbac/api/rbac.py`).
  api.get(
    "/rbac/permissions/",
    route("authenticated", (ctx) => {
      const { index, params } = ctx;
      const role = filterParam(params, "role");
      let permissions = simulatorPermissions;
      if (role !== undefined) {
        const token = isUuid(role) ? findTokenByRole(index.state, canonicalUuid(role)) : undefined;
        if (!token) {
          return jsonResponse({ role: ["Select a valid choice. That choice is not one of the available choices."] }, 400);
        }
        permissions = simulatorPermissions.filter((permission) => token.permissions?.includes(permission));
      }
      const codename = filterParam(params, "codename");
      const appLabel = filterParam(params, "content_type__app_label");
      const model = filterParam(params, "content_type__model");
      const rows = permissions
        .map(serializePermission)
        .filter(
          (row) =>
            (codename === undefined || row.codename === codename) &&
            (appLabel === undefined || row.app_label === appLabel) &&
            (model === undefined || row.model === model),
        );
      return listResponse(
        ctx,
        sortBy(rows, (row) => [row.name, row.id]),
        (row) => row,
      );
    }),
  );

  api.get(
    "/core/users/",
    route("authenticated", (ctx) => {
      const { index, params } = ctx;
      const visible = visibleObjects(ctx.caller, "view_user", index.state.users, (u) => u.username);
      if (!visible) return jsonResponse(permissionDenied, 403);
      const username = filterParam(params, "username");
      const isActive = booleanFilterParam(params, "is_active");
      const isSuperuser = booleanFilterParam(params, "is_superuser");
      const filtered = username !== undefined || isActive !== undefined || isSuperuser !== undefined;
      const ordered = visibleInOrder(visible, index.state.users, index.usersInOrder());
      // Unfiltered, the ordered list itself: a page of 50,000 users should not copy all of them.
      const users = !filtered
        ? ordered
        : ordered.filter(
            (u) =>
              (username === undefined || u.username === username) &&
              (isActive === undefined || (u.is_active ?? true) === isActive) &&
              // authentik filters on direct groups here, unlike the inherited `is_superuser` field.
              (isSuperuser === undefined || hasDirectSuperuserGroup(index, u) === isSuperuser),
          );
      const options = readUserOptions(params);
      return listResponse(ctx, users, (u) => serializeUser(index, u, options));
    }),
  );

  api.get(
    "/core/users/:id/",
    route("object", ({ index, caller, params }, c) => {
      const id = pathParam(c, "id");
      const found = /^\d+$/.test(id) ? index.usersByPk.get(Number(id)) : undefined;
      const user = found && canView(caller, "view_user", found.username) ? found : undefined;
      if (!user) return jsonResponse(noMatch("User"), 404);
      return jsonResponse(serializeUser(index, user, readUserOptions(params)));
    }),
  );

  api.get(
    "/core/groups/",
    route("authenticated", (ctx) => {
      const { index, params } = ctx;
      const visible = visibleObjects(ctx.caller, "view_group", index.state.groups, (g) => g.pk);
      if (!visible) return jsonResponse(permissionDenied, 403);
      const name = filterParam(params, "name");
      const isSuperuser = booleanFilterParam(params, "is_superuser");
      const groups = visibleInOrder(visible, index.state.groups, index.groupsInOrder()).filter(
        (g) => (name === undefined || g.name === name) && (isSuperuser === undefined || (g.is_superuser ?? false) === isSuperuser),
      );
      const options = readGroupOptions(params);
      return listResponse(ctx, groups, (g) => serializeGroup(index, g, options));
    }),
  );

  api.get(
    "/core/groups/:uuid/",
    route("object", ({ index, caller, params }, c) => {
      const found = findGroup(index, pathParam(c, "uuid"), true);
      const group = found && canView(caller, "view_group", found.pk) ? found : undefined;
      if (!group) return jsonResponse(noMatch("Group"), 404);
      return jsonResponse(serializeGroup(index, group, readGroupOptions(params)));
    }),
  );

  api.get("/core/applications/", route("authenticated", listApplications));

  api.get(
    "/core/applications/:slug/",
    route("object", ({ index, caller }, c) => {
      const slug = pathParam(c, "slug");
      const app = canView(caller, "view_application", slug) ? index.applicationsBySlug.get(slug) : undefined;
      if (!app) return jsonResponse(noMatch("Application"), 404);
      return jsonResponse(serializeApplication(index, app));
    }),
  );

  api.get(
    "/core/applications/:slug/check_access/",
    route("object", ({ index, caller, params, now, accessOverride }, c) => {
      // authentik skips the view permission here: anyone may ask about their own access.
      const app = index.applicationsBySlug.get(pathParam(c, "slug"));
      if (!app) return jsonResponse(noMatch("Application"), 404);
      let subject = caller?.user ?? null;
      const forUser = lastParam(params, "for_user");
      if (caller?.superuser === true && forUser !== undefined) {
        if (!/^\s*[+-]?\d+\s*$/.test(forUser))
          return jsonResponse({ for_user: "for_user must be numerical" } satisfies Wire<ValidationError>, 400);
        const found = index.usersByPk.get(Number.parseInt(forUser, 10));
        if (!found) return jsonResponse({ for_user: "User not found" } satisfies Wire<ValidationError>, 400);
        subject = found;
      }
      const result = evaluateAccess(index, app, subject, now);
      const passing = (subject && accessOverride(subject.username, app.slug)) ?? result.passing;
      // Only superusers see the policies' messages.
      return jsonResponse(serializePolicyTestResult(passing, caller?.superuser === true ? result.messages : []));
    }),
  );

  api.get(
    "/events/events/",
    route("view_event", (ctx) => {
      const filtered = filterEvents(ctx.index.state.events ?? [], ctx.params);
      if (!filtered.ok) return jsonResponse(filtered.errors, 400);
      return listResponse(ctx, filtered.events, serializeEvent);
    }),
  );

  api.get(
    "/events/events/:uuid/",
    route("object", ({ index, caller }, c) => {
      const uuid = pathParam(c, "uuid");
      const event = isUuid(uuid) && can(caller, "view_event") ? index.state.events?.find((e) => e.pk === canonicalUuid(uuid)) : undefined;
      if (!event) return jsonResponse(noMatch("Event"), 404);
      return jsonResponse(serializeEvent(event));
    }),
  );

  api.get(
    "/policies/bindings/",
    route("authenticated", (ctx) => {
      const visible = visibleObjects(ctx.caller, "view_policybinding", ctx.index.state.bindings, (b) => b.pk);
      if (!visible) return jsonResponse(permissionDenied, 403);
      const filtered = filterBindings(ctx, visible);
      if (!filtered.ok) return jsonResponse(filtered.errors, 400);
      return listResponse(ctx, filtered.bindings, (b) => serializeBinding(ctx.index, b));
    }),
  );

  api.get(
    "/policies/expression/",
    route("view_expressionpolicy", (ctx) => {
      const { index, params } = ctx;
      const name = filterParam(params, "name");
      const policies = sortBy(
        (index.state.policies ?? []).filter((p) => p.expression !== undefined && (name === undefined || p.name === name)),
        (p) => [p.name, p.pk],
      );
      return listResponse(ctx, policies, (p) => serializeExpressionPolicy(index, p));
    }),
  );

  api.get(
    "/policies/bindings/:uuid/",
    route("object", ({ index, caller }, c) => {
      const uuid = pathParam(c, "uuid");
      const found = isUuid(uuid) ? index.bindingsByPk.get(canonicalUuid(uuid)) : undefined;
      const binding = found && canView(caller, "view_policybinding", found.pk) ? found : undefined;
      if (!binding) return jsonResponse(noMatch("PolicyBinding"), 404);
      return jsonResponse(serializeBinding(index, binding));
    }),
  );
}

function hasDirectSuperuserGroup(index: StateIndex, user: SimulatorUser): boolean {
  return index.directGroupsOf(user.username).some((g) => g.is_superuser === true);
}
