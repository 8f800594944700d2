import { ConfigError } from "./config-error.js";
import type { ConfigProblem } from "./config-error.js";
import { DEFAULTS } from "./config-types.js";
import type { Config, ConfigFlags, Env, HttpAuth, LogLevel } from "./config-types.js";
import { hasCredentials, isHttpUrl, parseDurationSetting, parseInteger, parseListen, redactUrlCredentials } from "./parse-settings.js";
import { BEARER_TOKEN, HEADER_SAFE_TOKEN, describeIoError, readSecret, readUtf8 } from "./read-secret.js";
import type { ReadFile } from "./read-secret.js";

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

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
