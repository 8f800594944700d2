import type { Pagination } from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import { lastParam } from "./query-params.js";
import type { Wire } from "./wire.js";

export interface Page<T> {
  items: T[];
  pagination: Wire<Pagination>;
}

/**
 * authentik's page-number pagination (`authentik/api/pagination.py` on Django's Paginator):
 * `next`/`previous` are 0 at the ends, an empty list still has page 1, `page=last` is the last
 * page, and a page that is not an integer or out of range is null (the caller answers
 * 404 "Invalid page.").
 */
export function paginate<T>(items: readonly T[], params: URLSearchParams, index: StateIndex): Page<T> | null {
  const pageSize = resolvePageSize(lastParam(params, "page_size"), index);
  const count = items.length;
  const totalPages = Math.max(1, Math.ceil(count / pageSize));
  const rawPage = lastParam(params, "page");
  let current: number;
  if (rawPage === undefined || rawPage === "") current = 1;
  else if (rawPage === "last") current = totalPages;
  else if (/^\s*[+-]?\d+\s*$/.test(rawPage)) current = Number.parseInt(rawPage, 10);
  else return null;
  if (current < 1 || current > totalPages) return null;

  const start = (current - 1) * pageSize;
  const end = Math.min(start + pageSize, count);
  return {
    items: items.slice(start, end),
    pagination: {
      next: current < totalPages ? current + 1 : 0,
      previous: current > 1 ? current - 1 : 0,
      count,
      current,
      total_pages: totalPages,
      start_index: count === 0 ? 0 : start + 1,
      end_index: end,
    } satisfies Wire<Pagination>,
  };
}

/**
 * From 2025.12 the default is the tenant's page size (20) and any request is silently capped at
 * the tenant's maximum (100); before, DRF's PAGE_SIZE of 100 applied with no cap. A page size
 * that is not a positive integer falls back to the default, as DRF does.
 */
export function resolvePageSize(raw: string | undefined, index: StateIndex): number {
  const tenant = index.features.tenantPagination;
  const defaultSize = tenant ? (index.state.settings?.defaultPageSize ?? 20) : 100;
  const requested = raw !== undefined && /^\s*\+?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : 0;
  const size = requested > 0 ? requested : defaultSize;
  return tenant ? Math.min(size, index.state.settings?.maxPageSize ?? 100) : size;
}
