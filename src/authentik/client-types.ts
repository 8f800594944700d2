import type { z } from "zod";
import type { Secret } from "../secret.js";

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
