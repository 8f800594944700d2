import { createRequire } from "node:module";
import { rootCertificates } from "node:tls";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { Secret } from "../secret.js";
import { AuthentikApiError, describeStatus } from "./authentik-api-error.js";
import type { AuthentikApiErrorDetails } from "./authentik-api-error.js";
import { createLimiter } from "./create-limiter.js";
import { ApiErrorBody, ApiValidationErrorBody, apiPage } from "./schema.js";
import { formatSchemaIssue } from "./format-schema-issue.js";
import { retryDelayMs } from "./retry-delay.js";

type Undici = typeof import("undici");
let undiciModule: Undici | undefined;
/** undici is loaded when the first client is made: commands that work from a saved snapshot never pay for it. */
function undici(): Undici {
  undiciModule ??= createRequire(import.meta.url)("undici") as Undici;
  return undiciModule;
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** What every answered (or failed) request reports, for the `ak_access_api_requests_total` counter. */
export interface ApiRequestRecord {
  method: HttpMethod;
  /** Route template, e.g. `/core/groups/{pk}/`. */
  endpoint: string;
  /** HTTP status as a string, or `error` when no response arrived. */
  code: string;
  durationMs: number;
}

/** The slice of a pino logger the client uses. */
export interface ClientLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AuthentikClientOptions {
  /** `https://host`, `https://host/prefix` or the same with `/api/v3`. */
  baseUrl: string;
  token: Secret;
  /** Refuse every method but GET (the service and `check` use only this). */
  readOnly: boolean;
  timeoutMs?: number;
  concurrency?: number;
  /** PEM text of an extra CA bundle, trusted beside the system roots. */
  ca?: string;
  /** How many times a failed GET is tried again. */
  retries?: number;
  retryBaseDelayMs?: number;
  /** Upper bound on pages per list: a server that never says `next: 0` cannot keep us forever. */
  maxPages?: number;
  /**
   * Upper bound on one response body, enforced while it streams in: a larger answer is abandoned
   * (its connection closed) and fails with the endpoint and the limit. Default 32 MiB.
   */
  maxResponseBytes?: number;
  logger?: ClientLogger;
  onRequest?: (record: ApiRequestRecord) => void;
}

export interface RequestOptions {
  /** Values for `{name}` placeholders in the route. */
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | readonly (string | number)[]>;
}

export interface SendOptions extends RequestOptions {
  body?: unknown;
}

export interface ListResult<T> {
  items: T[];
  /** `pagination.count` of the first page: what the server says exists. */
  count: number;
  pages: number;
}

export interface AuthentikClient {
  /** The authentik base URL, without `/api/v3`. */
  readonly baseUrl: string;
  readonly readOnly: boolean;
  get<S extends z.ZodType>(route: string, schema: S, options?: RequestOptions): Promise<z.infer<S>>;
  /** Every object of a paginated list. */
  list<S extends z.ZodType>(route: string, itemSchema: S, options?: RequestOptions): Promise<ListResult<z.infer<S>>>;
  /** A write: never retried. Resolves to the parsed body, or undefined for an empty (204) answer. */
  send<S extends z.ZodType>(
    method: Exclude<HttpMethod, "GET">,
    route: string,
    schema: S | null,
    options?: SendOptions,
  ): Promise<z.infer<S> | undefined>;
  /** Wait for requests in flight, then close the connections. */
  close(): Promise<void>;
  /** Abort requests in flight and close the connections at once. */
  destroy(): Promise<void>;
}

const API_PREFIX = "/api/v3";
const PAGE_SIZE = 100;
/** Generous: a page of 100 groups with 50,000 direct members each is about 35 MB; see the README. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/**
 * Pages followed past `total_pages` before a list counts as never-ending: a list that grows while it
 * is read adds a page or two, not ten.
 */
const EXTRA_PAGES = 10;

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
    const fetchPage = async (page: number) => {
      const query = { ...request.query, page, page_size: PAGE_SIZE };
      const body = await call("GET", route, pageSchema, { ...request, query }, ` (page ${page})`);
      return body as PageBody<z.infer<S>>;
    };
    const first = await fetchPage(1);
    const pages: PageBody<z.infer<S>>[] = [first];
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
      let last = pages[pages.length - 1] as PageBody<z.infer<S>>;
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

interface PageBody<T> {
  pagination: { next: number; count: number; current: number; total_pages: number };
  results: T[];
}

function extractDetail(text: string): string | undefined {
  try {
    const parsed = ApiErrorBody.safeParse(JSON.parse(text));
    // One line: the message it ends up in is printed as one.
    if (parsed.success) return parsed.data.detail.replace(/\n+/g, " ").slice(0, 300);
    return text.replace(/\n+/g, " ").slice(0, 300);
  } catch {
    const trimmed = text.replace(/\s+/g, " ").trim();
    return trimmed.length > 0 ? trimmed.slice(0, 120) : undefined;
  }
}

/** `32 MiB` for whole mebibytes, else the number of bytes. */
function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB (${bytes} bytes)`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

/**
 * DRF's validation errors by field, or undefined when the body is not that shape. Bounded, because the
 * body comes from the server: at most 20 fields and 5 messages of 300 characters each.
 */
function extractFieldErrors(text: string): Record<string, string[]> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ApiValidationErrorBody.safeParse(json);
  if (!parsed.success || "detail" in parsed.data) return undefined;
  const errors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(parsed.data).slice(0, 20)) {
    errors[field.slice(0, 100)] = (Array.isArray(messages) ? messages : [messages]).slice(0, 5).map((message) => message.slice(0, 300));
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Turn undici's and Node's connection errors into one sentence a person can act on. */
function toNetworkError(
  method: HttpMethod,
  route: string,
  /** Which page, e.g. ` (page 2)`, or "". */
  what: string,
  error: unknown,
  context: {
    timedOut: boolean;
    timeoutMs: number;
    baseUrl: string;
    /** The status line had arrived: the connection broke while the body was read. */
    midBody: boolean;
  },
): AuthentikApiError {
  const { timedOut, timeoutMs, baseUrl, midBody } = context;
  const where = `${route}${what}`;
  const base = { method, route, status: null, cause: error };
  const code = errorCode(error);
  const undiciErrors = undici().errors;
  if (
    timedOut ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new AuthentikApiError(
      { ...base, failure: "timeout" },
      `${method} ${where} timed out after ${timeoutMs} ms (AK_ACCESS_TIMEOUT_MS / --timeout-ms)`,
    );
  }
  if (code && (code.includes("CERT") || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code === "EPROTO")) {
    return new AuthentikApiError(
      { ...base, failure: "tls" },
      `TLS connection to ${baseUrl} failed: ${code}${describeCause(error)}; for a private CA, pass its bundle with AK_ACCESS_CA_FILE or --ca-file`,
    );
  }
  if (midBody) {
    return new AuthentikApiError(
      { ...base, failure: "network" },
      `${method} ${where}: the connection to ${baseUrl} broke off in the middle of the answer (${code ?? "closed"})`,
    );
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: "connection refused: is authentik running and is the URL right?",
    ENOTFOUND: "host not found: check the URL",
    EAI_AGAIN: "host name lookup failed: check the URL and DNS",
    ECONNRESET: "connection reset by the server",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    UND_ERR_SOCKET: "the server closed the connection without answering",
  };
  const reason = (code && reasons[code]) ?? `${code ?? "connection failed"}${describeCause(error)}`;
  return new AuthentikApiError({ ...base, failure: "network" }, `${method} ${where}: cannot reach ${baseUrl}: ${reason}`);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_ABORTED") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  return message ? ` (${message.slice(0, 160)})` : "";
}
