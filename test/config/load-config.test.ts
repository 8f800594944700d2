import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";

const dir = mkdtempSync(join(tmpdir(), "ak-access-config-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("config/load-config", () => {
  it("applies the defaults of PRODUCT.md section 2", () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      url: null,
      token: null,
      baselineFile: "./access-groups.md",
      schedule: "*/5 * * * *",
      listen: { host: "127.0.0.1", port: 9851 },
      timeoutMs: 15_000,
      concurrency: 4,
      ca: null,
      logLevel: "info",
      httpToken: null,
      httpAuth: "token",
      retries: 3,
      retryDelayMs: 250,
      maxResponseBytes: 33_554_432,
      maxRunbookBytes: 16_777_216,
      watchIntervalMs: 15_000,
      eventsWindowMs: 30 * 86_400_000,
      verifySample: 0,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ["AUTHENTIK_URL", { AUTHENTIK_URL: "http://admin:SECRETPW@auth.example.com" }, {}],
    ["AK_API", { AK_API: "https://admin:SECRETPW@auth.example.com/api/v3" }, {}],
    ["--url", {}, { url: "https://:SECRETPW@auth.example.com" }],
  ])("refuses a password in the URL from %s without echoing it", (key, env, flags) => {
    const error = captureConfigError(() => loadConfig(env, flags));

    expect(error.message).not.toContain("SECRETPW");
    expect(error.problems).toEqual([
      {
        key,
        value: expect.stringMatching(/^https?:\/\/\[redacted\]@auth\.example\.com/),
        expected:
          "an http(s) URL without a user or password in it (the API token goes in AUTHENTIK_TOKEN), such as https://auth.example.com",
      },
    ]);
  });

  it.each([
    ["p@ss!word#2024", "AK_ACCESS_HTTP_TOKEN"],
    ["t\u00f6ken", "AK_ACCESS_HTTP_TOKEN"],
    ["abc=def", "AK_ACCESS_HTTP_TOKEN"],
  ])("refuses the HTTP token %j at start-up: only RFC 6750 bearer characters work in every client", (token, key) => {
    const error = captureConfigError(() => loadConfig({ AK_ACCESS_HTTP_TOKEN: token }));

    expect(error.message).not.toContain(token);
    expect(error.problems).toEqual([
      {
        key,
        value: "[redacted]",
        expected:
          "a token of letters, digits and - . _ ~ + / only, with = only at the end (RFC 6750 bearer token characters, which every client can send); e.g. the output of `openssl rand -hex 32`",
      },
    ]);
  });

  it("refuses an HTTP token file holding characters a client cannot send, naming the file", () => {
    const path = file("http-token", "p@ss!word#2024\n");

    const error = captureConfigError(() => loadConfig({ AK_ACCESS_HTTP_TOKEN_FILE: path }));

    expect(error.message).not.toContain("p@ss");
    expect(error.problems[0]).toMatchObject({ key: "AK_ACCESS_HTTP_TOKEN_FILE", value: path });
  });

  it.each(["0123456789abcdef0123456789abcdef", "a-b.c_d~e+f/g==", "Zm9vYmFy"])("accepts the HTTP token %s", (token) => {
    expect(loadConfig({ AK_ACCESS_HTTP_TOKEN: token }).httpToken?.reveal()).toBe(token);
  });

  it("refuses an authentik token with a control character, without echoing it", () => {
    const error = captureConfigError(() => loadConfig({ AUTHENTIK_TOKEN: "tok\u0001en" }));

    expect(error.problems).toEqual([
      {
        key: "AUTHENTIK_TOKEN",
        value: "[redacted]",
        expected: "a token of printable ASCII characters only (it is sent in an HTTP header)",
      },
    ]);
  });

  it.each([
    [{ AK_ACCESS_MAX_RESPONSE_BYTES: "1048576", AK_ACCESS_MAX_RUNBOOK_BYTES: "2048" }, {}, 1_048_576, 2048],
    [{ AK_ACCESS_MAX_RESPONSE_BYTES: "1048576" }, { maxResponseBytes: "65536", maxRunbookBytes: "4096" }, 65_536, 4096],
  ])("reads the size limits from %o and flags %o", (env, flags, response, runbook) => {
    const config = loadConfig(env, flags);

    expect(config.maxResponseBytes).toBe(response);
    expect(config.maxRunbookBytes).toBe(runbook);
  });

  it("reports size limits, retries and the HTTP auth mode out of range", () => {
    const error = captureConfigError(() =>
      loadConfig({
        AK_ACCESS_MAX_RESPONSE_BYTES: "100",
        AK_ACCESS_MAX_RUNBOOK_BYTES: "lots",
        AK_ACCESS_RETRIES: "11",
        AK_ACCESS_HTTP_AUTH: "off",
      }),
    );

    expect(error.problems).toEqual([
      {
        key: "AK_ACCESS_HTTP_AUTH",
        value: "off",
        expected: "token (the default: a token is required to listen beyond loopback) or none (serve without one, on purpose)",
      },
      { key: "AK_ACCESS_RETRIES", value: "11", expected: "a whole number from 0 to 10" },
      { key: "AK_ACCESS_MAX_RESPONSE_BYTES", value: "100", expected: "a whole number from 65536 to 1073741824" },
      { key: "AK_ACCESS_MAX_RUNBOOK_BYTES", value: "lots", expected: "a whole number from 1024 to 268435456" },
    ]);
  });

  it.each([
    [{ AUTHENTIK_URL: "https://auth.example.com" }, {}, "https://auth.example.com"],
    [{ AK_API: "https://auth.example.com/api/v3" }, {}, "https://auth.example.com/api/v3"],
    [{ AUTHENTIK_URL: "https://a.example.com", AK_API: "https://b.example.com" }, {}, "https://a.example.com"],
    [{ AUTHENTIK_URL: "https://a.example.com" }, { url: "https://flag.example.com" }, "https://flag.example.com"],
  ])("takes the URL from %o with flags %o", (env, flags, expected) => {
    expect(loadConfig(env, flags).url).toBe(expected);
  });

  it.each([
    [{ AUTHENTIK_TOKEN: "tok-a" }, {}, "tok-a", "AUTHENTIK_TOKEN"],
    [{ AK_TOKEN: "tok-b" }, {}, "tok-b", "AK_TOKEN"],
    [{ AUTHENTIK_TOKEN: "tok-a", AK_TOKEN: "tok-b" }, {}, "tok-a", "AUTHENTIK_TOKEN"],
    [{ AUTHENTIK_TOKEN_FILE: file("t1", "tok-file\n"), AUTHENTIK_TOKEN: "tok-a" }, {}, "tok-file", "AUTHENTIK_TOKEN_FILE"],
    [{ AUTHENTIK_TOKEN: "tok-a" }, { tokenFile: file("t2", "  tok-flag  ") }, "tok-flag", "--token-file"],
  ])("takes the token from %o with flags %o", (env, flags, token, source) => {
    const config = loadConfig(env, flags);

    expect(config.token?.reveal()).toBe(token);
    expect(config.tokenSource).toContain(source);
  });

  it("never prints the token: String, JSON and util.inspect all redact it", async () => {
    const config = loadConfig({ AUTHENTIK_TOKEN: "s3cr3t-token-value", AK_ACCESS_HTTP_TOKEN: "http-s3cr3t" });
    const { inspect } = await import("node:util");

    const printed = [String(config.token), JSON.stringify(config), inspect(config, { depth: 5 })].join("\n");

    expect(printed).not.toContain("s3cr3t");
    expect(printed).toContain("[redacted]");
  });

  it("reports every problem at once with key, value and what was expected", () => {
    const env = {
      AUTHENTIK_URL: "auth.example.com",
      AUTHENTIK_TOKEN_FILE: join(dir, "missing-token"),
      AK_ACCESS_TIMEOUT_MS: "soon",
      AK_ACCESS_CONCURRENCY: "0",
      AK_ACCESS_LISTEN: "localhost",
      AK_ACCESS_LOG_LEVEL: "loud",
      AK_ACCESS_CA_FILE: file("not-a-ca.pem", "hello"),
      AK_ACCESS_SCHEDULE: "hourly",
    };

    const error = captureConfigError(() => loadConfig(env));

    expect(error.problems.map((p) => p.key)).toEqual([
      "AUTHENTIK_URL",
      "AUTHENTIK_TOKEN_FILE",
      "AK_ACCESS_SCHEDULE",
      "AK_ACCESS_LISTEN",
      "AK_ACCESS_TIMEOUT_MS",
      "AK_ACCESS_CONCURRENCY",
      "AK_ACCESS_CA_FILE",
      "AK_ACCESS_LOG_LEVEL",
    ]);
    expect(error.message).toContain('AUTHENTIK_URL="auth.example.com": expected an http(s) URL');
    expect(error.message).toContain('AK_ACCESS_TIMEOUT_MS="soon": expected a whole number from 100 to 600000');
    expect(error.message).toContain("ENOENT");
  });

  it("names the flag, not the variable, when a flag is wrong", () => {
    const error = captureConfigError(() => loadConfig({ AK_ACCESS_CONCURRENCY: "2" }, { concurrency: "many" }));

    expect(error.problems).toEqual([{ key: "--concurrency", value: "many", expected: "a whole number from 1 to 64" }]);
  });

  it("redacts a malformed token value in its problem", () => {
    const error = captureConfigError(() => loadConfig({ AUTHENTIK_TOKEN: "two words-s3cr3t" }));

    expect(error.message).not.toContain("s3cr3t");
    expect(error.problems[0]).toEqual({ key: "AUTHENTIK_TOKEN", value: "[redacted]", expected: "a token without whitespace" });
  });

  it.each([
    ["0.0.0.0:9851", { host: "0.0.0.0", port: 9851 }],
    [":8080", { host: "0.0.0.0", port: 8080 }],
    ["[::1]:9851", { host: "::1", port: 9851 }],
  ])("parses the listen address %s", (listen, expected) => {
    expect(loadConfig({ AK_ACCESS_LISTEN: listen }).listen).toEqual(expected);
  });

  it.each([
    [{ AK_ACCESS_WATCH_INTERVAL: "0" }, {}, { watchIntervalMs: 0 }],
    [{ AK_ACCESS_WATCH_INTERVAL: "2m" }, {}, { watchIntervalMs: 120_000 }],
    [{ AK_ACCESS_WATCH_INTERVAL: "2m" }, { watchInterval: "30s" }, { watchIntervalMs: 30_000 }],
    [{ AK_ACCESS_EVENTS_WINDOW: "7d" }, {}, { eventsWindowMs: 7 * 86_400_000 }],
    [{ AK_ACCESS_EVENTS_WINDOW: "1h30m" }, {}, { eventsWindowMs: 5_400_000 }],
    [{ AK_ACCESS_EVENTS_WINDOW: "0" }, {}, { eventsWindowMs: 0 }],
    [{ AK_ACCESS_VERIFY_SAMPLE: "25" }, {}, { verifySample: 25 }],
  ])("reads the watch, attribution and verify settings from %o with flags %o", (env, flags, expected) => {
    expect(loadConfig(env, flags)).toMatchObject(expected);
  });

  it("refuses durations without a unit, out of range or misspelt, naming the key and the form expected", () => {
    const error = captureConfigError(() =>
      loadConfig({ AK_ACCESS_WATCH_INTERVAL: "15", AK_ACCESS_EVENTS_WINDOW: "30 days", AK_ACCESS_VERIFY_SAMPLE: "-1" }, {}),
    );
    const flag = captureConfigError(() => loadConfig({}, { watchInterval: "500ms" }));

    expect(error.problems.map((problem) => [problem.key, problem.value])).toEqual([
      ["AK_ACCESS_WATCH_INTERVAL", "15"],
      ["AK_ACCESS_EVENTS_WINDOW", "30 days"],
      ["AK_ACCESS_VERIFY_SAMPLE", "-1"],
    ]);
    expect(error.problems[0]?.expected).toBe(
      "0 (off) or a duration from 1s to 1d, written as a number and a unit (ms, s, m, h, d, w), e.g. 15s, 30d or 1h30m",
    );
    expect(flag.problems).toMatchObject([{ key: "--watch-interval", value: "500ms" }]);
  });

  it("reads the extra CA bundle's PEM text", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    expect(loadConfig({}, { caFile: file("ca.pem", pem) }).ca).toBe(pem);
  });
});

function captureConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
