import type { Secret } from "../secret.js";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** Flags from the command line; each overrides its environment variable (PRODUCT.md section 2). */
export interface ConfigFlags {
  url?: string | undefined;
  tokenFile?: string | undefined;
  baseline?: string | undefined;
  schedule?: string | undefined;
  listen?: string | undefined;
  timeoutMs?: string | undefined;
  concurrency?: string | undefined;
  caFile?: string | undefined;
  logLevel?: string | undefined;
  maxResponseBytes?: string | undefined;
  maxRunbookBytes?: string | undefined;
  watchInterval?: string | undefined;
}

/** `token`: the service needs an HTTP token to listen beyond loopback; `none`: it may serve openly there. */
export type HttpAuth = "token" | "none";

export interface Config {
  /** authentik base URL as given (with or without `/api/v3`), or null when not set. */
  url: string | null;
  token: Secret | null;
  /** Where the token came from, for error messages: `AUTHENTIK_TOKEN`, `--token-file /run/secrets/x`, ... */
  tokenSource: string | null;
  baselineFile: string;
  /** False when `baselineFile` is only the default (then a missing file is not an error for `report`). */
  baselineExplicit: boolean;
  schedule: string;
  listen: { host: string; port: number };
  httpToken: Secret | null;
  httpAuth: HttpAuth;
  timeoutMs: number;
  concurrency: number;
  /** How many times a failed GET to authentik is tried again, and the backoff's base delay. */
  retries: number;
  retryDelayMs: number;
  /** The largest response body read from authentik. */
  maxResponseBytes: number;
  /** The largest runbook read as the baseline. */
  maxRunbookBytes: number;
  /** PEM text of the extra CA bundle. */
  ca: string | null;
  logLevel: LogLevel;
  /** How often the service asks authentik's event log for changes; 0 = only the schedule. */
  watchIntervalMs: number;
  /** How far back an audit reads events to attribute findings; 0 = no attribution (no event read). */
  eventsWindowMs: number;
  /** (user, app) pairs the service checks against authentik's `check_access` after each audit; 0 = off. */
  verifySample: number;
}

export const DEFAULTS = {
  baseline: "./access-groups.md",
  schedule: "*/5 * * * *",
  listen: "127.0.0.1:9851",
  timeoutMs: 15_000,
  concurrency: 4,
  retries: 3,
  retryDelayMs: 250,
  // A page of 100 groups with 50,000 direct members each is about 35 MB of JSON; a page of 100 users,
  // each in a few hundred groups, a few MB. 32 MiB fits the largest tenants with room to spare while
  // bounding what a broken or hostile server can make the process hold (4 requests run at once).
  maxResponseBytes: 32 * 1024 * 1024,
  // A runbook documenting 50,000 users in 2,000 groups is about 1.5 MB and reads in tens of milliseconds;
  // 16 MiB is ten times that, and bounds what a runbook can make the process hold.
  maxRunbookBytes: 16 * 1024 * 1024,
  logLevel: "info",
  watchIntervalMs: 15_000,
  eventsWindowMs: 30 * 86_400_000,
  verifySample: 0,
} as const;

export type Env = Readonly<Record<string, string | undefined>>;
