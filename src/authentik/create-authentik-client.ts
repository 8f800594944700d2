import { rootCertificates } from "node:tls";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { AuthentikApiError, describeStatus } from "./authentik-api-error.js";
import type { AuthentikApiErrorDetails } from "./authentik-api-error.js";
import type { AuthentikClient, AuthentikClientOptions, HttpMethod, ListResult, RequestOptions, SendOptions } from "./client-types.js";
import { createLimiter } from "./create-limiter.js";
import { formatSchemaIssue } from "./format-schema-issue.js";
import { undici } from "./load-undici.js";
import { readAllPages } from "./read-all-pages.js";
import type { PageBody } from "./read-all-pages.js";
import { extractDetail, extractFieldErrors } from "./read-error-body.js";
import { apiPage } from "./schema.js";
import { retryDelayMs } from "./retry-delay.js";
import { toNetworkError } from "./to-network-error.js";

const API_PREFIX = "/api/v3";
const PAGE_SIZE = 100;
/** Generous: a page of 100 groups with 50,000 direct members each is about 35 MB; see the README. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Split a user-given URL into the origin and the API path prefix (`/api/v3`, after any sub-path). */
export function normaliseBaseUrl(input: string): { origin: string; baseUrl: string; apiPath: string } {
  const url = new URL(input);
  let path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith(API_PREFIX)) path = path.slice(0, -API_PREFIX.length);
  return { origin: url.origin, baseUrl: `${url.origin}${path}`, apiPath: `${path}${API_PREFIX}` };
}

export function createAuthentikClient(options: AuthentikClientOptions): AuthentikClient {
  const { origin, baseUrl, apiPath } = normaliseBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const concurrency = options.concurrency ?? 4;
  const retries = options.retries ?? 3;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
  const maxPages = options.maxPages ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const limit = createLimiter(concurrency);
  let closed = false;
  const pool = new (undici().Pool)(origin, {
    connections: concurrency,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    ...(options.ca ? { connect: { ca: [...rootCertificates, options.ca] } } : {}),
  });

  function fail(details: AuthentikApiErrorDetails, message: string): never {
    throw new AuthentikApiError(details, message);
  }

  function buildPath(route: string, request: RequestOptions): string {
    const filled = route.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = request.params?.[name];
      if (value === undefined) throw new Error(`route ${route} needs parameter ${name}`);
      return encodeURIComponent(String(value));
    });
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
    }
    const query = search.toString();
    return `${apiPath}${filled}${query ? `?${query}` : ""}`;
  }

  /** The body as text, refusing (through `tooLarge`) to hold more than the limit in memory. */
  async function readBody(response: Dispatcher.ResponseData, tooLarge: () => never): Promise<string> {
    const declared = Number(headerValue(response.headers["content-length"]) ?? Number.NaN);
    if (declared > maxResponseBytes) {
      response.body.destroy();
      tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxResponseBytes) {
        response.body.destroy();
        tooLarge();
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString("utf8");
  }

  /** One HTTP exchange, without retries: returns status, headers and the full body text. */
  async function exchange(method: HttpMethod, route: string, request: SendOptions, what: string) {
    const path = buildPath(route, request);
    const started = performance.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let code = "error";
    try {
      const response = await pool.request({
        method,
        path,
        signal: abort.signal,
        headers: {
          authorization: `Bearer ${options.token.reveal()}`,
          accept: "application/json",
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      code = String(response.statusCode);
      // Always read the whole body, on error paths too, so the connection goes back to the pool; a
      // body over the limit is abandoned instead, which closes its connection.
      const text = await readBody(response, () => {
        abort.abort();
        fail(
          { method, route, status: response.statusCode, failure: "too-large" },
          `${method} ${route}${what} answered with more than ${describeBytes(maxResponseBytes)}, the limit for one response (AK_ACCESS_MAX_RESPONSE_BYTES / --max-response-bytes)`,
        );
      });
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      if (error instanceof AuthentikApiError) throw error;
      throw toNetworkError(method, route, what, error, { timedOut: abort.signal.aborted, timeoutMs, baseUrl, midBody: code !== "error" });
    } finally {
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      options.onRequest?.({ method, endpoint: route, code, durationMs });
      options.logger?.debug({ method, route, code, durationMs: Math.round(durationMs) }, "authentik request");
    }
  }

  async function call<S extends z.ZodType>(
    method: HttpMethod,
    route: string,
    schema: S | null,
    request: SendOptions,
    what = "",
  ): Promise<z.infer<S> | undefined> {
    if (options.readOnly && method !== "GET") {
      fail(
        { method, route, status: null, failure: "read-only" },
        `${method} ${route} refused: this authentik client is read-only (the service and \`check\` never write)`,
      );
    }
    const retryable = method === "GET";
    for (let attempt = 0; ; attempt++) {
      let answer: Awaited<ReturnType<typeof exchange>>;
      try {
        answer = await limit(() => exchange(method, route, request, what));
      } catch (error) {
        // Once the client is closed (a stopping service abandoning its audit), nothing is retried.
        if (retryable && !closed && attempt < retries && error instanceof AuthentikApiError && error.failure === "network") {
          const delay = retryDelayMs(attempt, retryBaseDelayMs, undefined);
          // At debug level: the final error says what failed, and a terminal should not fill with retries first.
          options.logger?.debug({ method, route, attempt: attempt + 1, delayMs: delay }, "authentik unreachable, retrying");
          await sleep(delay);
          continue;
        }
        throw error;
      }
      const { status, headers, text } = answer;
      if (status >= 200 && status < 300) return parseBody(method, route, schema, text, what);
      if (retryable && !closed && attempt < retries && (status === 429 || status === 502 || status === 503 || status === 504)) {
        const delay = retryDelayMs(attempt, retryBaseDelayMs, headerValue(headers["retry-after"]));
        options.logger?.debug({ method, route, status, attempt: attempt + 1, delayMs: delay }, "authentik busy, retrying");
        await sleep(delay);
        continue;
      }
      const detail = extractDetail(text);
      const fieldErrors = status === 400 ? extractFieldErrors(text) : undefined;
      // Collection routes always exist in authentik: a 404 there means the URL does not point at it.
      const hint = status === 404 && !route.includes("{") ? `; is ${baseUrl} the authentik base URL?` : "";
      fail(
        { method, route, status, failure: "status", detail, fieldErrors },
        `${method} ${route}${what} answered ${describeStatus(status, detail, fieldErrors)}${hint}`,
      );
    }
  }

  function parseBody<S extends z.ZodType>(
    method: HttpMethod,
    route: string,
    schema: S | null,
    text: string,
    what: string,
  ): z.infer<S> | undefined {
    if (schema === null || text.length === 0) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      const looksLikeHtml = /^\s*</.test(text);
      fail(
        { method, route, status: 200, failure: "schema", cause },
        looksLikeHtml
          ? `${method} ${route}${what} answered with HTML, not JSON: is ${baseUrl} the authentik base URL?`
          : `${method} ${route}${what} answered with malformed JSON (${text.length} bytes)`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail(
        { method, route, status: 200, failure: "schema", cause: parsed.error },
        `${method} ${route}${what} answered with an unexpected shape: ${issue ? formatSchemaIssue(issue) : "invalid"}`,
      );
    }
    return parsed.data;
  }

  async function list<S extends z.ZodType>(route: string, itemSchema: S, request: RequestOptions = {}): Promise<ListResult<z.infer<S>>> {
    const pageSchema = apiPage(itemSchema);
    return readAllPages(route, maxPages, async (page) => {
      const query = { ...request.query, page, page_size: PAGE_SIZE };
      return (await call("GET", route, pageSchema, { ...request, query }, ` (page ${page})`)) as PageBody<z.infer<S>>;
    });
  }

  return {
    baseUrl,
    readOnly: options.readOnly,
    get: async (route, schema, request = {}) => (await call("GET", route, schema, request)) as z.infer<typeof schema>,
    list,
    send: (method, route, schema, request = {}) => call(method, route, schema, request),
    close: () => {
      closed = true;
      return pool.close();
    },
    destroy: () => {
      closed = true;
      return pool.destroy();
    },
  };
}

/** `32 MiB` for whole mebibytes, else the number of bytes. */
function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB (${bytes} bytes)`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
