import { once } from "node:events";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import type { Env } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";

const HTTP_TOKEN = "a-b.c_d~e+f/g0123456789==";
const silent = pino({ level: "silent" });

let simulator: Simulator;
let authentikToken: string;
const services: RunningService[] = [];

beforeAll(async () => {
  const state = await loadSimulatorState("examples/authentik-state.json");
  authentikToken = state.tokens[0]?.key ?? "";
  simulator = await startSimulator({ state });
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
  simulator.clearFaults();
});
afterAll(async () => {
  await simulator?.close();
});

function env(extra: Env = {}): Env {
  return {
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: authentikToken,
    AK_ACCESS_BASELINE: "examples/access-groups.md",
    AK_ACCESS_LISTEN: "127.0.0.1:0",
    AK_ACCESS_SCHEDULE: "0 0 1 1 *",
    ...extra,
  };
}

async function serve(extra: Env = {}, refreshMinIntervalMs?: number): Promise<RunningService> {
  const service = await startService(loadConfig(env(extra)), {
    logger: silent,
    ...(refreshMinIntervalMs === undefined ? {} : { refreshMinIntervalMs }),
  });
  services.push(service);
  return service;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

async function call(
  url: string,
  options: { method?: string; token?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const token = options.token === undefined ? HTTP_TOKEN : options.token;
  const response = await request(url, {
    method: (options.method ?? "GET") as "GET",
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...options.headers },
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe("service: who may reach it", () => {
  it.each([["0.0.0.0:0"], ["[::]:0"]])("refuses to listen on %s without an HTTP token, before calling authentik", async (listen) => {
    const since = simulator.requests.length;

    const started = startService(loadConfig(env({ AK_ACCESS_LISTEN: listen })), { logger: silent });

    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/AK_ACCESS_LISTEN \(or --listen\)=".*": expected a loopback address .* set AK_ACCESS_HTTP_TOKEN/);
    expect(simulator.requests.length).toBe(since);
  });

  it("listens beyond loopback with a token, or with AK_ACCESS_HTTP_AUTH=none said on purpose", async () => {
    // One at a time: croner names the audit job, and two services in one process would share the name.
    const statuses: number[] = [];
    for (const extra of [{ AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN }, { AK_ACCESS_HTTP_AUTH: "none" }]) {
      const service = await serve({ AK_ACCESS_LISTEN: "0.0.0.0:0", ...extra });
      await service.firstAudit;
      const url = `http://127.0.0.1:${new URL(service.url).port}/diff`;
      statuses.push((await call(url, { token: null })).status, (await call(url)).status);
      await services.splice(0).at(0)?.stop();
    }

    expect(statuses).toEqual([401, 200, 200, 200]);
  });

  it("binds its port before the first audit, and fails at once when the port is taken", async () => {
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const port = (blocker.address() as AddressInfo).port;
    const since = simulator.requests.length;

    const started = startService(loadConfig(env({ AK_ACCESS_LISTEN: `127.0.0.1:${port}` })), { logger: silent });

    await expect(started).rejects.toThrow(`cannot listen on 127.0.0.1:${port} (EADDRINUSE); set AK_ACCESS_LISTEN or --listen`);
    expect(simulator.requests.length).toBe(since);
    blocker.close();
  });

  it("compares the token whole: a wrong one, a prefix, another scheme and no header are all 401", async () => {
    const service = await serve({ AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN });
    await service.firstAudit;

    const answers = await Promise.all(
      [
        { token: "wrong" },
        { token: HTTP_TOKEN.slice(0, -1) },
        { token: `${HTTP_TOKEN}x` },
        { token: null, headers: { authorization: `Basic ${HTTP_TOKEN}` } },
        { token: null },
      ].map((options) => call(`${service.url}/diff`, options)),
    );
    const right = await call(`${service.url}/diff`, { token: null, headers: { authorization: `bearer ${HTTP_TOKEN}` } });

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[0]?.headers["www-authenticate"]).toBe('Bearer realm="ak-access"');
    expect(right.status).toBe(200);
  });

  it("answers the probes with status only without the token, and the details with it", async () => {
    const service = await serve({ AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN });
    await service.firstAudit;
    simulator.addFault({ path: "/api/v3/core/groups/", status: 500, body: { detail: "db on fire at 10.0.0.7" } });
    await call(`${service.url}/-/refresh`, { method: "POST" });

    const anonymousReady = await call(`${service.url}/readyz`, { token: null });
    const anonymousHealth = await call(`${service.url}/healthz`, { token: null });
    const ready = await call(`${service.url}/readyz`);

    expect(anonymousReady.status).toBe(200);
    expect(JSON.parse(anonymousReady.text)).toEqual({ ready: true });
    expect(JSON.parse(anonymousHealth.text)).toEqual({ status: "ok" });
    expect(JSON.parse(ready.text)).toMatchObject({ ready: true, up: false, lastError: expect.stringContaining("db on fire") });
  });

  it("refuses a request whose Host is not loopback while listening on loopback (DNS rebinding)", async () => {
    const service = await serve();
    await service.firstAudit;
    const port = new URL(service.url).port;

    const rebound = await call(`${service.url}/access.json`, { token: null, headers: { host: `attacker.example:${port}` } });
    const byName = await call(`${service.url}/access.json`, { token: null, headers: { host: `localhost:${port}` } });
    const byAddress = await call(`${service.url}/access.json`, { token: null, headers: { host: `127.0.0.1:${port}` } });

    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.text)).toEqual({
      error: `the Host header names "attacker.example:${port}", not this loopback address; to serve under another name, listen beyond loopback with an HTTP token`,
    });
    expect(byName.status).toBe(200);
    expect(byAddress.status).toBe(200);
  });
});

describe("service: POST /-/refresh", () => {
  it("needs the token when one is set", async () => {
    const service = await serve({ AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN });
    await service.firstAudit;

    const anonymous = await call(`${service.url}/-/refresh`, { method: "POST", token: null });

    expect(anonymous.status).toBe(401);
  });

  it("starts two audits at once, then one per interval: a third refresh soon after is 429 with Retry-After", async () => {
    const service = await serve({}, 60_000);
    await service.firstAudit;
    const since = simulator.requests.length;

    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call(`${service.url}/-/refresh`, { method: "POST" }));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(JSON.parse(answers[2]?.text ?? "")).toEqual({ error: "audits were requested too often; try again later" });
    expect(Number(answers[2]?.headers["retry-after"])).toBeGreaterThanOrEqual(59);
    expect(Number(answers[2]?.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(simulator.requests.slice(since).filter((r) => r.path === "/api/v3/admin/version/")).toHaveLength(2);
  });

  it("shares the audit queued after a running one: many refreshes at once start two audits, not one each", async () => {
    const service = await serve({}, 60_000);
    await service.firstAudit;
    simulator.addFault({ path: "/api/v3/admin/version/", delayMs: 300, times: 1 });
    const since = simulator.requests.length;

    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => call(`${service.url}/-/refresh`, { method: "POST" })));

    // The one they started and the one that starts after it, which the others share.
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(simulator.requests.slice(since).filter((r) => r.path === "/api/v3/admin/version/")).toHaveLength(2);
  });

  it.each(["GET", "PUT", "DELETE"])("answers %s with 405 and Allow: POST", async (method) => {
    const service = await serve();

    const answer = await call(`${service.url}/-/refresh`, { method });

    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("POST");
  });
});

describe("service: pages", () => {
  it("answers / before the first audit with a page, not JSON", async () => {
    simulator.addFault({ path: "/api/v3/admin/version/", delayMs: 1_000, times: 1 });
    const service = await serve();

    const page = await call(`${service.url}/`);

    expect(page.status).toBe(503);
    expect(page.headers["content-type"]).toBe("text/html; charset=UTF-8");
    expect(page.text).toContain("<h1>No successful audit yet</h1>");
    expect(page.headers["content-security-policy"]).toBe("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });

  it("sends strict security headers with the overview: a CSP without inline scripts, no framing, no sniffing, no referrer", async () => {
    const service = await serve({ AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN });
    await service.firstAudit;

    const page = await call(`${service.url}/`);
    const refused = await call(`${service.url}/`, { token: null });

    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
    );
    expect(page.headers["content-security-policy"]).not.toContain("unsafe-inline");
    for (const answer of [page, refused]) {
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["x-frame-options"]).toBe("DENY");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
    }
    expect(refused.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});

describe("service: the runbook's size", () => {
  it("refuses a runbook over the limit at every audit, naming the file and the limit", async () => {
    const service = await serve({ AK_ACCESS_MAX_RUNBOOK_BYTES: "1024" });
    await service.firstAudit;

    const ready = await call(`${service.url}/readyz`);

    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({
      ready: false,
      baselineValid: false,
      baselineError:
        "examples/access-groups.md: the runbook is 3817 bytes, more than the limit of 1024 bytes (AK_ACCESS_MAX_RUNBOOK_BYTES / --max-runbook-bytes)",
    });
  });
});
