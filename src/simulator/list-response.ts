import type { PaginatedUserList } from "@goauthentik/api";
import { paginate } from "./paginate.js";
import { invalidPage, jsonResponse, type RouteContext } from "./route-context.js";
import type { Wire } from "./wire.js";

/** The paginated envelope; every `Paginated*List` in the official client has this shape. */
export type WirePaginated<T> = Omit<Wire<PaginatedUserList>, "results"> & { results: T[] };

/** The common list answer: paginate, 404 "Invalid page." when out of range, then the envelope. */
export function listResponse<T, W>(ctx: RouteContext, items: readonly T[], serialize: (item: T) => W): Response {
  const page = paginate(items, ctx.params, ctx.index);
  if (!page) return jsonResponse(invalidPage, 404);
  const body = {
    pagination: page.pagination,
    results: page.items.map(serialize),
    autocomplete: {},
  } satisfies WirePaginated<W>;
  return jsonResponse(body);
}
