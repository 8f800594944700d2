import { AuthentikApiError } from "./authentik-api-error.js";
import type { AuthentikApiErrorDetails } from "./authentik-api-error.js";
import type { ListResult } from "./client-types.js";

export interface PageBody<T> {
  pagination: { next: number; count: number; current: number; total_pages: number };
  results: T[];
}

/**
 * Pages followed past `total_pages` before a list counts as never-ending: a list that grows while it
 * is read adds a page or two, not ten.
 */
const EXTRA_PAGES = 10;

function fail(details: AuthentikApiErrorDetails, message: string): never {
  throw new AuthentikApiError(details, message);
}

/**
 * Every page of a list: the first, then all the others it declares at once (the caller's limiter
 * queues them), then any `next` beyond them for a list that grew while it was read. Bounded: more
 * than `maxPages` pages, a `next` that points back, or a list that never ends fails with the route.
 */
export async function readAllPages<T>(
  route: string,
  maxPages: number,
  fetchPage: (page: number) => Promise<PageBody<T>>,
): Promise<ListResult<T>> {
  const first = await fetchPage(1);
  const pages: PageBody<T>[] = [first];
  const declared = first.pagination.total_pages;
  if (declared > maxPages) {
    fail(
      { method: "GET", route, status: 200, failure: "schema" },
      `GET ${route} reports ${declared} pages, more than the bound of ${maxPages}`,
    );
  }
  if (first.pagination.next !== 0) {
    // total_pages is computed by the server with the page size it really used, so the remaining
    // pages can be fetched at once whether or not it honoured page_size.
    const rest = await Promise.all(Array.from({ length: Math.max(0, declared - 1) }, (_, index) => fetchPage(index + 2)));
    pages.push(...rest);
    // A list that grew while we read it, or a server whose total_pages was wrong: follow `next`.
    let last = pages[pages.length - 1] as PageBody<T>;
    while (last.pagination.next !== 0) {
      if (pages.length >= maxPages) {
        fail(
          { method: "GET", route, status: 200, failure: "schema" },
          `GET ${route} did not end after ${maxPages} pages (pagination.next never became 0)`,
        );
      }
      if (last.pagination.next <= last.pagination.current) {
        fail(
          { method: "GET", route, status: 200, failure: "schema" },
          `GET ${route} (page ${last.pagination.current}) points back to page ${last.pagination.next} (pagination.next): the pages would never end`,
        );
      }
      if (pages.length >= Math.max(declared, 1) + EXTRA_PAGES) {
        fail(
          { method: "GET", route, status: 200, failure: "schema" },
          `GET ${route} did not end: pagination.next still pointed to page ${last.pagination.next} after the ${declared} page${declared === 1 ? "" : "s"} it declared (total_pages) and ${EXTRA_PAGES} more`,
        );
      }
      last = await fetchPage(last.pagination.next);
      pages.push(last);
    }
  }
  return { items: pages.flatMap((page) => page.results), count: first.pagination.count, pages: pages.length };
}
