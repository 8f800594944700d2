import type { ValidationError } from "@goauthentik/api";
import { evaluateAccess } from "./evaluate-access.js";
import { listResponse, type WirePaginated } from "./list-response.js";
import { paginate } from "./paginate.js";
import { filterParam, flagParam, lastParam } from "./query-params.js";
import { can, invalidPage, jsonResponse, type RouteContext } from "./route-context.js";
import { serializeApplication } from "./serialize-application.js";
import type { SimulatorUser } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/**
 * authentik's ApplicationViewSet.list: with `superuser_full_list=true` a superuser gets the plain
 * list. Everyone else gets the page first and then only the apps on it that the user may access,
 * while `count` and `total_pages` still count every app, so pages can be short or empty.
 */
export function listApplications(ctx: RouteContext): Response {
  const { index, caller, params, now, accessOverride } = ctx;
  const slug = filterParam(params, "slug");
  const name = filterParam(params, "name");
  const apps = index
    .applicationsInOrder()
    .filter((a) => (slug === undefined || a.slug === slug) && (name === undefined || a.name === name));
  if (flagParam(params, "superuser_full_list", false) && caller?.superuser === true) {
    return listResponse(ctx, apps, (a) => serializeApplication(index, a));
  }
  const page = paginate(apps, params, index);
  if (!page) return jsonResponse(invalidPage, 404);

  let subject: SimulatorUser | null = caller?.user ?? null;
  const forUser = lastParam(params, "for_user");
  if (forUser !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(forUser)) return jsonResponse(["Invalid input."], 400);
    const found = can(caller, "view_user_applications") ? index.usersByPk.get(Number.parseInt(forUser, 10)) : undefined;
    if (!found) return jsonResponse({ for_user: "User not found" } satisfies Wire<ValidationError>, 400);
    subject = found;
  }
  let allowed = page.items.filter(
    (app) => (subject && accessOverride(subject.username, app.slug)) ?? evaluateAccess(index, app, subject, now).passing,
  );
  if (flagParam(params, "only_with_launch_url", false)) allowed = allowed.filter((app) => (app.meta_launch_url ?? "") !== "");
  const body = {
    pagination: page.pagination,
    results: allowed.map((a) => serializeApplication(index, a)),
    autocomplete: {},
  } satisfies WirePaginated<ReturnType<typeof serializeApplication>>;
  return jsonResponse(body);
}
