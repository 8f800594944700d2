/**
 * One injected failure. It matches requests by method and exact API path (and optionally the
 * `page` query value), and then fires on every match, or from the `nth` match on, at most `times`
 * times. What it does is any combination of: wait `delayMs`; then either drop the connection,
 * answer `status` with `body`, answer an oversized body, or answer the real response altered: its
 * JSON cut short, its body cut off mid-transfer, its list of results halved, or its pages endless.
 */
export interface SimulatorFault {
  /** Default "GET". */
  method?: string;
  /** Exact path including the API prefix and trailing slash, e.g. "/api/v3/core/users/". */
  path: string;
  /** Only requests for this page (the `page` query value; 1 when absent). */
  page?: number;
  /** Fire first on the nth matching request (1-based); with `nth`, `times` defaults to 1. */
  nth?: number;
  /** How many times it fires; unlimited by default (1 when `nth` is given). */
  times?: number;
  /** Answer with this status instead of the real response. */
  status?: number;
  /** Body for `status`: an object is sent as JSON, a string as text/plain. Default `{"detail": ...}`. */
  body?: unknown;
  /** Sets `Retry-After` (seconds) on the `status` answer. */
  retryAfterSeconds?: number;
  /** Wait this long before answering (before any other effect), e.g. to trip a client timeout. */
  delayMs?: number;
  /** Destroy the socket without answering. Logged with status 0. */
  drop?: boolean;
  /** Answer the real response (or `status`, default 200) with its JSON body truncated. */
  malformedJson?: boolean;
  /**
   * Announce the real response's full `Content-Length`, send half of the body, then close the
   * connection: a body cut off in transfer (unlike `malformedJson`, a complete answer of bad JSON).
   */
  truncateBody?: boolean;
  /**
   * Answer 200 with a JSON body of this many bytes, streamed as the client reads it (so a huge one
   * costs the simulator nothing when the client stops reading).
   */
  oversizeBytes?: number;
  /**
   * A list whose pages never end: every page from `page` on (all pages without `page`) says there is
   * a next one, and a page past the real end is answered as an empty page that again has a next one.
   */
  endless?: boolean;
  /**
   * The real list page with half of its results left out while `pagination.count` still counts
   * them all: what a server that loses objects on the way would answer.
   */
  partialList?: boolean;
}

export interface FaultCounter {
  seen: number;
  fired: number;
}

export interface FaultRequest {
  method: string;
  path: string;
  /** The `page` query value as authentik reads it (last one wins); undefined when absent. */
  page: string | undefined;
}

/**
 * The fault that fires for this request, if any. Every matching fault counts the request (so
 * `nth` counts matches of that fault alone); only the first eligible one fires.
 */
export function selectFault(
  faults: readonly SimulatorFault[],
  counters: WeakMap<SimulatorFault, FaultCounter>,
  request: FaultRequest,
): SimulatorFault | undefined {
  const page = request.page === undefined || request.page === "" ? 1 : Number(request.page);
  let chosen: SimulatorFault | undefined;
  for (const fault of faults) {
    if ((fault.method ?? "GET").toUpperCase() !== request.method.toUpperCase()) continue;
    if (fault.path !== request.path) continue;
    // An endless fault covers its page and every page after it.
    if (fault.page !== undefined && (fault.endless === true ? !(page >= fault.page) : fault.page !== page)) continue;
    let counter = counters.get(fault);
    if (!counter) {
      counter = { seen: 0, fired: 0 };
      counters.set(fault, counter);
    }
    counter.seen += 1;
    if (chosen) continue;
    const limit = fault.times ?? (fault.nth === undefined ? Number.POSITIVE_INFINITY : 1);
    if (fault.nth !== undefined && counter.seen < fault.nth) continue;
    if (counter.fired >= limit) continue;
    counter.fired += 1;
    chosen = fault;
  }
  return chosen;
}
