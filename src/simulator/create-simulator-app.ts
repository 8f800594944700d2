import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { GenericError } from "@goauthentik/api";
import { Hono, type Context, type Handler } from "hono";
import { createStateIndex, type StateIndex } from "./create-state-index.js";
import { lastParam } from "./query-params.js";
import { registerReadRoutes } from "./read-routes.js";
import {
  authenticate,
  can,
  jsonResponse,
  notAuthenticated,
  notFound,
  permissionDenied,
  tokenInvalid,
  type RouteContext,
} from "./route-context.js";
import { selectFault, type FaultCounter, type SimulatorFault } from "./select-fault.js";
import type { SimulatorPermission, SimulatorState } from "./simulator-state.js";
import type { Wire } from "./wire.js";
import { registerWriteRoutes } from "./write-routes.js";

/** One request as the simulator saw it. Headers (and so tokens) are never recorded. */
export interface SimulatorRequest {
  method: string;
  /** Path without the query, e.g. "/api/v3/core/users/". */
  path: string;
  /** Raw query string without "?", "" when none. */
  query: string;
  /** The status answered; 0 while in flight and for a dropped connection. */
  status: number;
}

/** `check_access` (and the `for_user` app list) answer `passing` for this pair, whatever the bindings say. */
export interface SimulatorAccessOverride {
  username: string;
  slug: string;
  passing: boolean;
}

/**
 * The mutable things an app reads on every request. `startSimulator` owns one; tests that use
 * `app.request()` can build one with `createSimulatorRuntime`.
 */
export interface SimulatorRuntime {
  state: SimulatorState;
  readonly requests: SimulatorRequest[];
  readonly faults: SimulatorFault[];
  /** Deliberate disagreements with the policy engine, for testing `ak-access verify`. */
  readonly accessOverrides: SimulatorAccessOverride[];
  latencyMs: number;
  /** The clock for binding expiry. Default: the real time. */
  now?: () => Date;
  /** When aborted (on close), pending latency and fault delays end at once. */
  signal?: AbortSignal;
  /**
   * Called once a request has been answered (its status is set and any write is in the state), so a
   * test can inspect every intermediate state of a sequence of writes.
   */
  onAnswered?: (request: SimulatorRequest) => void;
  /**
   * Keep the lookups and sorted lists of `state` across requests until the state is replaced or a
   * write arrives, instead of building them per request (a benchmark's 50,000-user pages would
   * otherwise each pay for indexing everything). Edits of the state in place then go unseen.
   */
  cacheLookups?: boolean;
  cachedIndex?: StateIndex | null;
}

/** node-server passes the raw request, which a `drop` fault needs to destroy the socket. */
export interface SimulatorEnv {
  Bindings: { incoming?: IncomingMessage };
}

/**
 * Who may call a route: "object" routes (detail views) let anonymous callers through to the
 * lookup, which then finds nothing (authentik's ObjectPermissions); "authenticated" routes need a
 * valid token; a permission name additionally needs that global permission.
 */
export type RouteAccess = "object" | "authenticated" | SimulatorPermission;
export type RouteHandler = (ctx: RouteContext, c: Context<SimulatorEnv>) => Response | Promise<Response>;
export type Route = (access: RouteAccess, handler: RouteHandler) => Handler<SimulatorEnv>;

export function createSimulatorRuntime(
  state: SimulatorState,
  options: {
    latencyMs?: number;
    now?: () => Date;
    signal?: AbortSignal;
    onAnswered?: (request: SimulatorRequest) => void;
    cacheLookups?: boolean;
  } = {},
): SimulatorRuntime {
  return {
    state,
    requests: [],
    faults: [],
    accessOverrides: [],
    latencyMs: options.latencyMs ?? 0,
    now: options.now,
    signal: options.signal,
    onAnswered: options.onAnswered,
    cacheLookups: options.cacheLookups ?? false,
  };
}

/** A fresh index per request, or with `cacheLookups` the one built for the current state. */
function indexFor(runtime: SimulatorRuntime): StateIndex {
  if (!runtime.cacheLookups) return createStateIndex(runtime.state);
  if (runtime.cachedIndex?.state !== runtime.state) runtime.cachedIndex = createStateIndex(runtime.state);
  return runtime.cachedIndex;
}

/** The simulator as a fetch app: authentik's API under `/api/v3`, plus the request log and faults. */
export function createSimulatorApp(runtime: SimulatorRuntime): Hono<SimulatorEnv> {
  const app = new Hono<SimulatorEnv>();
  const counters = new WeakMap<SimulatorFault, FaultCounter>();
  // Microseconds since the epoch of the last event recorded, so events of one burst keep their order.
  let lastEventMicros = 0;

  app.use("*", async (c, next) => {
    const url = new URL(c.req.url);
    const entry: SimulatorRequest = { method: c.req.method, path: url.pathname, query: url.search.slice(1), status: 0 };
    runtime.requests.push(entry);
    if (runtime.latencyMs > 0) await sleep(runtime.latencyMs, runtime.signal);
    const fault = selectFault(runtime.faults, counters, {
      method: c.req.method,
      path: url.pathname,
      page: lastParam(url.searchParams, "page"),
    });
    if (fault?.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs, runtime.signal);
    if (fault?.drop === true) return dropConnection(c);
    if (fault?.oversizeBytes !== undefined) {
      entry.status = fault.status ?? 200;
      runtime.onAnswered?.(entry);
      return oversizedResponse(fault.oversizeBytes, entry.status);
    }
    if (fault?.status !== undefined && fault.malformedJson !== true) {
      entry.status = fault.status;
      runtime.onAnswered?.(entry);
      return faultResponse(fault, fault.status);
    }
    await next();
    // Writes change the state in place: a cached index would no longer describe it.
    if (c.req.method !== "GET") runtime.cachedIndex = null;
    if (fault?.malformedJson === true) {
      const text = await c.res.text();
      // Half of any JSON document is never valid JSON; "{" stands in for an empty body.
      const cut = text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : "{";
      c.res = new Response(cut, { status: fault.status ?? 200, headers: { "content-type": "application/json" } });
    }
    if (fault?.endless === true) c.res = await endlessPage(c.res, url.searchParams);
    if (fault?.partialList === true) c.res = await partialPage(c.res);
    entry.status = c.res.status;
    runtime.onAnswered?.(entry);
    if (fault?.truncateBody === true) c.res = await truncatedResponse(c, c.res);
  });

  const route: Route = (access, handler) => async (c) => {
    const index = indexFor(runtime);
    const auth = authenticate(c.req.header("authorization"), index);
    if (!auth.ok) return jsonResponse(tokenInvalid, 403);
    const url = new URL(c.req.url);
    const now = runtime.now?.() ?? new Date();
    const ctx: RouteContext = {
      index,
      caller: auth.caller,
      params: url.searchParams,
      now,
      request: {
        method: c.req.method,
        path: url.pathname,
        args: Object.fromEntries(url.searchParams.entries()),
        userAgent: c.req.header("user-agent") ?? "",
        clientIp: clientIpOf(c.req.header("x-forwarded-for"), c.env?.incoming?.socket.remoteAddress),
      },
      eventTime() {
        lastEventMicros = Math.max(lastEventMicros + 1, now.getTime() * 1000);
        return formatMicros(lastEventMicros);
      },
      accessOverride: (username, slug) =>
        runtime.accessOverrides.findLast((entry) => entry.username === username && entry.slug === slug)?.passing,
    };
    if (access !== "object") {
      if (!ctx.caller) return jsonResponse(notAuthenticated, 403);
      if (access !== "authenticated" && !can(ctx.caller, access)) return jsonResponse(permissionDenied, 403);
    }
    return handler(ctx, c);
  };

  const api = new Hono<SimulatorEnv>();
  registerReadRoutes(api, route);
  registerWriteRoutes(api, route);
  app.route("/api/v3", api);

  app.notFound(() => jsonResponse(notFound, 404));
  app.onError((error) => jsonResponse({ detail: `simulator error: ${error.message}` } satisfies Wire<GenericError>, 500));
  return app;
}

/**
 * authentik's `ClientIPMiddleware._get_client_ip_from_meta`: the first address of `X-Forwarded-For`
 * (its proxy validated the header), else the peer address, else 255.255.255.255.
 */
function clientIpOf(forwardedFor: string | undefined, peer: string | undefined): string {
  const candidate = forwardedFor?.split(",")[0]?.trim() || peer?.replace(/^::ffff:/, "");
  return candidate && isIP(candidate) !== 0 ? candidate : "255.255.255.255";
}

/** `2026-11-30T14:02:00.123456Z`, as DRF prints a datetime with microseconds in UTC. */
function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 19)}.${String(micros % 1_000_000).padStart(6, "0")}Z`;
}

function dropConnection(c: Context<SimulatorEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    // node-server still writes this into the destroyed socket, where it goes nowhere.
    return new Response(null, { status: 204 });
  }
  // Without a socket (app.request()), a network-error response is the closest equivalent.
  return Response.error();
}

/** `{"detail": "xxx…"}` of exactly `bytes` bytes (at least the 14 of its frame), made as it is read. */
function oversizedResponse(bytes: number, status: number): Response {
  const head = new TextEncoder().encode('{"detail": "');
  const tail = new TextEncoder().encode('"}');
  const chunk = new Uint8Array(64 * 1024).fill(0x78);
  let remaining = Math.max(0, bytes - head.length - tail.length);
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(head);
        return;
      }
      if (remaining === 0) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      const size = Math.min(remaining, chunk.length);
      remaining -= size;
      controller.enqueue(size === chunk.length ? chunk : chunk.subarray(0, size));
    },
  });
  // Chunked, without a Content-Length: the client can only find out by counting what arrives.
  return new Response(body, { status, headers: { "content-type": "application/json" } });
}

/**
 * The real answer's status line, headers and full `Content-Length`, then half of its body, written
 * straight to the socket, which is then closed: the client sees the body end early.
 */
async function truncatedResponse(c: Context<SimulatorEnv>, response: Response): Promise<Response> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const socket = c.env?.incoming?.socket;
  if (!socket) return Response.error();
  const head = [
    `HTTP/1.1 ${response.status} OK`,
    "content-type: application/json",
    `content-length: ${bytes.length}`,
    "connection: close",
    "",
    "",
  ];
  socket.end(Buffer.concat([Buffer.from(head.join("\r\n")), bytes.subarray(0, Math.floor(bytes.length / 2))]));
  // node-server still writes this into the ended socket, where it goes nowhere.
  return new Response(null, { status: 204 });
}

type JsonPage = { pagination: Record<string, number>; results: unknown[] };

function isJsonPage(value: unknown): value is JsonPage {
  const page = value as Partial<JsonPage> | null;
  return typeof page === "object" && page !== null && typeof page.pagination === "object" && Array.isArray(page.results);
}

/** The page says another follows; past the real end, an empty page that says so again. */
async function endlessPage(response: Response, params: URLSearchParams): Promise<Response> {
  const page = Number(lastParam(params, "page") ?? "1") || 1;
  if (response.status === 404) {
    const pagination = { next: page + 1, previous: page - 1, count: 0, current: page, total_pages: page + 1, start_index: 0, end_index: 0 };
    return jsonResponse({ pagination, results: [], autocomplete: {} });
  }
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  if (!isJsonPage(body)) return response;
  return jsonResponse({ ...body, pagination: { ...body.pagination, next: page + 1 } }, response.status);
}

/** The page with every second result left out; the pagination still counts them. */
async function partialPage(response: Response): Promise<Response> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  if (!isJsonPage(body) || body.results.length === 0) return response;
  return jsonResponse({ ...body, results: body.results.filter((_, index) => index % 2 === 1) }, response.status);
}

function faultResponse(fault: SimulatorFault, status: number): Response {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
  if (typeof fault.body === "string") {
    return new Response(fault.body, { status, headers: { "content-type": "text/plain", ...headers } });
  }
  return jsonResponse(fault.body ?? defaultFaultBody(status, fault.retryAfterSeconds), status, headers);
}

function defaultFaultBody(status: number, retryAfterSeconds: number | undefined): Wire<GenericError> {
  if (status === 429) {
    // DRF's Throttled wording.
    const wait =
      retryAfterSeconds === undefined ? "" : ` Expected available in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`;
    return { detail: `Request was throttled.${wait}` };
  }
  return { detail: `Simulated fault (HTTP ${status}).` };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
