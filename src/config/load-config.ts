import { readFileSync } from "node:fs";
import { Secret } from "../secret.js";
import { ConfigError } from "./config-error.js";
import type { ConfigProblem } from "./config-error.js";
import { parseDuration } from "./parse-duration.js";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

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

/** RFC 6750's b64token (token68): the only characters a client may send in `Authorization: Bearer`. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Visible ASCII: anything else cannot go in an HTTP header. */
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

export type Env = Readonly<Record<string, string | undefined>>;
type ReadFile = (path: string) => string;

/**
 * Environment first, flags override. Reads the token and CA files, validates everything and reports
 * every problem at once. The only reader of process.env is the caller that passes it in.
 */
export function loadConfig(env: Env, flags: ConfigFlags = {}, readFile: ReadFile = readUtf8): Readonly<Config> {
  const problems: ConfigProblem[] = [];
  /** The flag when given, else the first environment variable set; the key names where it came from. */
  const pick = (flagName: string, flag: string | undefined, ...envKeys: string[]): { key: string; value: string } | null => {
    if (flag !== undefined) return { key: `--${flagName}`, value: flag };
    for (const key of envKeys) {
      const value = env[key];
      if (value !== undefined && value !== "") return { key, value };
    }
    return null;
  };

  const url = pick("url", flags.url, "AUTHENTIK_URL", "AK_API");
  if (url && hasCredentials(url.value)) {
    problems.push({
      key: url.key,
      value: redactUrlCredentials(url.value),
      expected: "an http(s) URL without a user or password in it (the API token goes in AUTHENTIK_TOKEN), such as https://auth.example.com",
    });
  } else if (url && !isHttpUrl(url.value)) {
    problems.push({ key: url.key, value: url.value, expected: "an http(s) URL such as https://auth.example.com" });
  }

  const token = readSecret(
    problems,
    readFile,
    { pattern: HEADER_SAFE_TOKEN, expected: "printable ASCII characters only (it is sent in an HTTP header)" },
    flags.tokenFile !== undefined
      ? { key: "--token-file", file: flags.tokenFile }
      : env.AUTHENTIK_TOKEN_FILE
        ? { key: "AUTHENTIK_TOKEN_FILE", file: env.AUTHENTIK_TOKEN_FILE }
        : env.AUTHENTIK_TOKEN
          ? { key: "AUTHENTIK_TOKEN", value: env.AUTHENTIK_TOKEN }
          : env.AK_TOKEN
            ? { key: "AK_TOKEN", value: env.AK_TOKEN }
            : null,
  );

  const httpToken = readSecret(
    problems,
    readFile,
    {
      pattern: BEARER_TOKEN,
      expected:
        "letters, digits and - . _ ~ + / only, with = only at the end (RFC 6750 bearer token characters, which every client can send); e.g. the output of `openssl rand -hex 32`",
    },
    env.AK_ACCESS_HTTP_TOKEN_FILE
      ? { key: "AK_ACCESS_HTTP_TOKEN_FILE", file: env.AK_ACCESS_HTTP_TOKEN_FILE }
      : env.AK_ACCESS_HTTP_TOKEN
        ? { key: "AK_ACCESS_HTTP_TOKEN", value: env.AK_ACCESS_HTTP_TOKEN }
        : null,
  );

  const httpAuthSetting = pick("http-auth", undefined, "AK_ACCESS_HTTP_AUTH");
  const httpAuth = (httpAuthSetting?.value.toLowerCase() ?? "token") as HttpAuth;
  if (httpAuthSetting && httpAuth !== "token" && httpAuth !== "none") {
    problems.push({
      key: httpAuthSetting.key,
      value: httpAuthSetting.value,
      expected: "token (the default: a token is required to listen beyond loopback) or none (serve without one, on purpose)",
    });
  }

  const baselineSetting = pick("baseline", flags.baseline, "AK_ACCESS_BASELINE");

  const schedule = pick("schedule", flags.schedule, "AK_ACCESS_SCHEDULE");
  if (schedule && schedule.value.trim().split(/\s+/).length < 5) {
    problems.push({ key: schedule.key, value: schedule.value, expected: "a cron expression with 5 or 6 fields, e.g. */5 * * * *" });
  }

  const listenSetting = pick("listen", flags.listen, "AK_ACCESS_LISTEN") ?? { key: "AK_ACCESS_LISTEN", value: DEFAULTS.listen };
  const listen = parseListen(listenSetting.value);
  if (!listen)
    problems.push({ key: listenSetting.key, value: listenSetting.value, expected: "host:port, e.g. 127.0.0.1:9851 or 0.0.0.0:9851" });

  const timeoutMs = parseInteger(problems, pick("timeout-ms", flags.timeoutMs, "AK_ACCESS_TIMEOUT_MS"), DEFAULTS.timeoutMs, 100, 600_000);
  const concurrency = parseInteger(problems, pick("concurrency", flags.concurrency, "AK_ACCESS_CONCURRENCY"), DEFAULTS.concurrency, 1, 64);
  const retries = parseInteger(problems, pick("retries", undefined, "AK_ACCESS_RETRIES"), DEFAULTS.retries, 0, 10);
  const retryDelayMs = parseInteger(
    problems,
    pick("retry-delay-ms", undefined, "AK_ACCESS_RETRY_DELAY_MS"),
    DEFAULTS.retryDelayMs,
    1,
    60_000,
  );
  const maxResponseBytes = parseInteger(
    problems,
    pick("max-response-bytes", flags.maxResponseBytes, "AK_ACCESS_MAX_RESPONSE_BYTES"),
    DEFAULTS.maxResponseBytes,
    64 * 1024,
    1024 * 1024 * 1024,
  );
  const maxRunbookBytes = parseInteger(
    problems,
    pick("max-runbook-bytes", flags.maxRunbookBytes, "AK_ACCESS_MAX_RUNBOOK_BYTES"),
    DEFAULTS.maxRunbookBytes,
    1024,
    256 * 1024 * 1024,
  );

  const caSetting = pick("ca-file", flags.caFile, "AK_ACCESS_CA_FILE");
  let ca: string | null = null;
  if (caSetting) {
    try {
      ca = readFile(caSetting.value);
      if (!ca.includes("-----BEGIN CERTIFICATE-----")) {
        problems.push({
          key: caSetting.key,
          value: caSetting.value,
          expected: "a PEM file with at least one -----BEGIN CERTIFICATE----- block",
        });
      }
    } catch (error) {
      problems.push({ key: caSetting.key, value: caSetting.value, expected: `a readable file (${describeIoError(error)})` });
    }
  }

  const logSetting = pick("log-level", flags.logLevel, "AK_ACCESS_LOG_LEVEL");
  const logLevel = (logSetting?.value.toLowerCase() ?? DEFAULTS.logLevel) as LogLevel;
  if (logSetting && !LOG_LEVELS.includes(logLevel)) {
    problems.push({ key: logSetting.key, value: logSetting.value, expected: `one of ${LOG_LEVELS.join(", ")}` });
  }

  const watchIntervalMs = parseDurationSetting(
    problems,
    pick("watch-interval", flags.watchInterval, "AK_ACCESS_WATCH_INTERVAL"),
    DEFAULTS.watchIntervalMs,
    { minMs: 1_000, maxMs: 86_400_000, range: "from 1s to 1d" },
  );
  const eventsWindowMs = parseDurationSetting(
    problems,
    pick("events-window", undefined, "AK_ACCESS_EVENTS_WINDOW"),
    DEFAULTS.eventsWindowMs,
    {
      minMs: 60_000,
      maxMs: 3_650 * 86_400_000,
      range: "from 1m to 3650d",
    },
  );
  const verifySample = parseInteger(
    problems,
    pick("verify-sample", undefined, "AK_ACCESS_VERIFY_SAMPLE"),
    DEFAULTS.verifySample,
    0,
    10_000,
  );

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    url: url?.value ?? null,
    token: token?.secret ?? null,
    tokenSource: token?.source ?? null,
    baselineFile: baselineSetting?.value ?? DEFAULTS.baseline,
    baselineExplicit: baselineSetting !== null,
    schedule: schedule?.value ?? DEFAULTS.schedule,
    listen: listen ?? { host: "127.0.0.1", port: 9851 },
    httpToken: httpToken?.secret ?? null,
    httpAuth,
    timeoutMs,
    concurrency,
    retries,
    retryDelayMs,
    maxResponseBytes,
    maxRunbookBytes,
    ca,
    logLevel,
    watchIntervalMs,
    eventsWindowMs,
    verifySample,
  });
}

/** A duration such as `15s` or `30d`; `0` turns the feature off, anything else must lie in the range. */
function parseDurationSetting(
  problems: ConfigProblem[],
  setting: { key: string; value: string } | null,
  fallback: number,
  bounds: { minMs: number; maxMs: number; range: string },
): number {
  if (!setting) return fallback;
  const ms = parseDuration(setting.value);
  if (ms === null || (ms !== 0 && (ms < bounds.minMs || ms > bounds.maxMs))) {
    problems.push({
      key: setting.key,
      value: setting.value,
      expected: `0 (off) or a duration ${bounds.range}, written as a number and a unit (ms, s, m, h, d, w), e.g. 15s, 30d or 1h30m`,
    });
    return fallback;
  }
  return ms;
}

type SecretSetting = { key: string; value: string } | { key: string; file: string } | null;
/** The characters a token may have, and how to say so. */
interface TokenRule {
  pattern: RegExp;
  expected: string;
}

function readSecret(
  problems: ConfigProblem[],
  readFile: ReadFile,
  rule: TokenRule,
  setting: SecretSetting,
): { secret: Secret; source: string } | null {
  if (!setting) return null;
  if ("value" in setting) {
    const value = setting.value.trim();
    if (/\s/.test(value)) {
      problems.push({ key: setting.key, value: "[redacted]", expected: "a token without whitespace" });
      return null;
    }
    if (!rule.pattern.test(value)) {
      problems.push({ key: setting.key, value: "[redacted]", expected: `a token of ${rule.expected}` });
      return null;
    }
    return { secret: new Secret(value), source: setting.key };
  }
  let text: string;
  try {
    text = readFile(setting.file);
  } catch (error) {
    problems.push({ key: setting.key, value: setting.file, expected: `a readable file holding the token (${describeIoError(error)})` });
    return null;
  }
  const value = text.trim();
  if (value === "" || /\s/.test(value)) {
    problems.push({
      key: setting.key,
      value: setting.file,
      expected: "a file holding exactly one token (it is empty or has several words)",
    });
    return null;
  }
  if (!rule.pattern.test(value)) {
    problems.push({ key: setting.key, value: setting.file, expected: `a file holding a token of ${rule.expected}` });
    return null;
  }
  return { secret: new Secret(value), source: `${setting.key} ${setting.file}` };
}

function parseInteger(
  problems: ConfigProblem[],
  setting: { key: string; value: string } | null,
  fallback: number,
  min: number,
  max: number,
): number {
  if (!setting) return fallback;
  const value = Number(setting.value);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push({ key: setting.key, value: setting.value, expected: `a whole number from ${min} to ${max}` });
    return fallback;
  }
  return value;
}

function parseListen(value: string): { host: string; port: number } | null {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port > 65_535) return null;
  const host = match[1] ?? match[2] ?? "";
  return { host: host === "" ? "0.0.0.0" : host, port };
}

/** `scheme://user:password@host`: a password (or a user name) in the URL. */
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

function hasCredentials(value: string): boolean {
  return URL_CREDENTIALS.test(value.trim());
}

/** The URL with whatever stands before `@` replaced, so a password never reaches a message. */
export function redactUrlCredentials(value: string): string {
  return value.trim().replace(URL_CREDENTIALS, "$1[redacted]@");
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

function describeIoError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "unreadable";
}

function readUtf8(path: string): string {
  return readFileSync(path, "utf8");
}
