import type { GenericError } from "@goauthentik/api";
import type { Context } from "hono";
import { lastParam } from "./query-params.js";
import { jsonResponse, type SimulatorEnv } from "./route-context.js";
import type { SimulatorFault } from "./select-fault.js";
import type { Wire } from "./wire.js";

/**
 * The answers a fault gives: instead of the real one (an error status, an oversized body, a dropped
 * connection) or made from it (a truncated body, a page that never ends, a page with results missing).
 */

export function dropConnection(c: Context<SimulatorEnv>): Response {
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
export function oversizedResponse(bytes: number, status: number): Response {
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

/** The first half of the real body, as `status`. */
export async function malformedResponse(response: Response, status: number): Promise<Response> {
  const text = await response.text();
  // Half of any JSON document is never valid JSON; "{" stands in for an empty body.
  const cut = text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : "{";
  return new Response(cut, { status, headers: { "content-type": "application/json" } });
}

/**
 * The real answer's status line, headers and full `Content-Length`, then half of its body, written
 * straight to the socket, which is then closed: the client sees the body end early.
 */
export async function truncatedResponse(c: Context<SimulatorEnv>, response: Response): Promise<Response> {
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
export async function endlessPage(response: Response, params: URLSearchParams): Promise<Response> {
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
export async function partialPage(response: Response): Promise<Response> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  if (!isJsonPage(body) || body.results.length === 0) return response;
  return jsonResponse({ ...body, results: body.results.filter((_, index) => index % 2 === 1) }, response.status);
}

export function faultResponse(fault: SimulatorFault, status: number): Response {
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
