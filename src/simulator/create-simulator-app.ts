import { isIP } from "node:net";
import type { GenericError } from "@goauthentik/api";
import { Hono } from "hono";
import { indexFor, type SimulatorRequest, type SimulatorRuntime } from "./create-simulator-runtime.js";
import {
  dropConnection,
  endlessPage,
  faultResponse,
  malformedResponse,
  oversizedResponse,
  partialPage,
  truncatedResponse,
} from "./fault-responses.js";
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
  type Route,
  type RouteContext,
  type SimulatorEnv,
} from "./route-context.js";
import { selectFault, type FaultCounter, type SimulatorFault } from "./select-fault.js";
import type { Wire } from "./wire.js";
import { registerWriteRoutes } from "./write-routes.js";

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
    if (fault?.malformedJson === true) c.res = await malformedResponse(c.res, fault.status ?? 200);
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
