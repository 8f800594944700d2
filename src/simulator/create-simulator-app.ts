import type { IncomingMessage } from "node:http";
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

/**
 * The mutable things an app reads on every request. `startSimulator` owns one; tests that use
 * `app.request()` can build one with `createSimulatorRuntime`.
 */
export interface SimulatorRuntime {
  state: SimulatorState;
  readonly requests: SimulatorRequest[];
  readonly faults: SimulatorFault[];
  latencyMs: number;
  /** The clock for binding expiry. Default: the real time. */
  now?: () => Date;
  /** When aborted (on close), pending latency and fault delays end at once. */
  signal?: AbortSignal;
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
  options: { latencyMs?: number; now?: () => Date; signal?: AbortSignal; cacheLookups?: boolean } = {},
): SimulatorRuntime {
  return {
    state,
    requests: [],
    faults: [],
    latencyMs: options.latencyMs ?? 0,
    now: options.now,
    signal: options.signal,
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
    if (fault?.status !== undefined && fault.malformedJson !== true) {
      entry.status = fault.status;
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
    entry.status = c.res.status;
  });

  const route: Route = (access, handler) => async (c) => {
    const index = indexFor(runtime);
    const auth = authenticate(c.req.header("authorization"), index);
    if (!auth.ok) return jsonResponse(tokenInvalid, 403);
    const ctx: RouteContext = {
      index,
      caller: auth.caller,
      params: new URL(c.req.url).searchParams,
      now: runtime.now?.() ?? new Date(),
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
