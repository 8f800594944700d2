import { Hono } from "hono";
import type { Context } from "hono";
import { compress } from "hono/compress";
import { etag } from "hono/etag";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AccessAnswer, AccessQuery, AuditResult, AuditStatus, AuditStore } from "../audit/index.js";
import { AuditorError } from "../errors.js";
import type { MetricsScrape } from "../metrics/index.js";
import { contentSecurityPolicyFor } from "./content-security-policy.js";
import { createTokenCheck } from "./create-token-check.js";
import { isLoopbackHostHeader } from "./is-loopback-host-header.js";
import { etagOf, rememberLast } from "./remember-last.js";

/**
 * What the pages are made of: pure renderers over the last good result. Those that return a string are
 * expected to return the very same string for the same result (and status) each time they are asked:
 * the service memoises them, and the routes then hash each body once for its ETag.
 */
export interface HttpRenderers {
  quickReference(result: AuditResult): string;
  diffMarkdown(result: AuditResult): string;
  /** What `check --format json` prints, plus `attribution` and `auditedAt`, as JSON text. */
  diffJson(result: AuditResult): string;
  overviewHtml(result: AuditResult, status: AuditStatus): string;
  /** The runbook with its quick-reference tables regenerated (what `report --inject` would write). */
  runbook(result: AuditResult): string;
  /** `/access.json`: the whole matrix, one application's entry, or one user's verdicts. */
  access(result: AuditResult, query: AccessQuery): AccessAnswer;
}

export interface AppDeps {
  store: AuditStore;
  /** `/metrics`: a live part rendered per scrape, and the last audit's gauges rendered once per result. */
  metrics: { scrape(): Promise<MetricsScrape>; readonly contentType: string };
  renderers: HttpRenderers;
  /** An audit that starts after this call (now, or right after the running one); concurrent calls share it. */
  refresh: () => Promise<void>;
  /** `refresh` now would share an audit already queued rather than start one. */
  refreshWouldShare?: () => boolean;
  /** When set, every route but /healthz and /readyz needs `Authorization: Bearer <it>`. */
  httpToken: string | null;
  now: () => Date;
  /**
   * The service listens on loopback only: then a request must name a loopback host, so a web page
   * whose DNS name was rebound to 127.0.0.1 cannot read the service through the visitor's browser.
   */
  loopbackOnly?: boolean;
  /**
   * How often `POST /-/refresh` may start an audit (default every 10 s): two at once (one now and one
   * after it), then one per interval; a call that shares an audit already queued is always answered.
   */
  refreshMinIntervalMs?: number;
}

const MARKDOWN = "text/markdown; charset=utf-8";
const JSON_TYPE = "application/json";
const OPEN_PATHS = new Set(["/healthz", "/readyz"]);
const REFRESH_MIN_INTERVAL_MS = 10_000;
/** Audits a burst of refreshes may start: one now and the one that starts after it. */
const REFRESH_BURST = 2;
/** Every response: nothing may be loaded, framed or sent along with a referrer. The overview sets its own. */
const BASE_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** The service's routes (PRODUCT.md section 7). Never listens: the caller serves `app.fetch`. */
export function createApp(deps: AppDeps): Hono<{ Variables: { authorized: boolean } }> {
  const { store, renderers } = deps;
  const app = new Hono<{ Variables: { authorized: boolean } }>();
  const tokenCheck = deps.httpToken ? createTokenCheck(deps.httpToken) : null;
  const refreshMinIntervalMs = deps.refreshMinIntervalMs ?? REFRESH_MIN_INTERVAL_MS;
  const refreshBudget = createRefreshBudget(REFRESH_BURST, refreshMinIntervalMs);

  // Outermost, so refusals carry the headers too. A handler's own Content-Security-Policy (the
  // overview's) is kept; no HSTS, since TLS is a reverse proxy's to decide.
  app.use(
    secureHeaders({
      contentSecurityPolicy: BASE_POLICY,
      xFrameOptions: "DENY",
      referrerPolicy: "no-referrer",
      strictTransportSecurity: false,
      overwrite: false,
    }),
  );
  if (deps.loopbackOnly) {
    app.use(async (c, next) => {
      const host = c.req.header("host");
      if (host === undefined || isLoopbackHostHeader(host)) return next();
      return c.json(
        {
          error: `the Host header names ${JSON.stringify(host)}, not this loopback address; to serve under another name, listen beyond loopback with an HTTP token`,
        },
        403,
      );
    });
  }
  app.use(compress());
  app.use(async (c, next) => {
    const authorized = tokenCheck === null || tokenCheck(c.req.header("authorization"));
    c.set("authorized", authorized);
    if (authorized || OPEN_PATHS.has(c.req.path)) return next();
    return c.json({ error: "missing or wrong Authorization: Bearer token (AK_ACCESS_HTTP_TOKEN)" }, 401, {
      "www-authenticate": 'Bearer realm="ak-access"',
    });
  });
  app.use(etag());

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // Without the token a probe learns ready or not, never why (errors can name the authentik URL and
  // quote the runbook).
  app.get("/readyz", (c) => {
    const ready = store.latest() !== null;
    return c.json(c.get("authorized") ? { ready, ...publicStatus(store.status()) } : { ready }, ready ? 200 : 503);
  });
  // The audit's part is the same string until the next audit, so its hash is too; only the live part
  // (a few KB) is hashed per scrape, and hono's middleware does not hash the whole body again.
  // It is kept encoded as well: a scrape then copies bytes instead of joining and encoding a 1.4 MB
  // string, which at 50,000 users left megabytes of garbage per scrape.
  const auditPart = rememberLast((text) => ({ etag: etagOf(text), bytes: Buffer.from(text, "utf8") }));
  app.get("/metrics", async (c) => {
    const { live, audit } = await deps.metrics.scrape();
    const encoded = auditPart(audit);
    const body = Buffer.concat([Buffer.from(live, "utf8"), encoded.bytes]);
    return c.body(body, 200, { "content-type": deps.metrics.contentType, etag: etagOf(live, encoded.etag) });
  });

  // Rendered once per result and shown status, so its ETag and policy are worked out once too.
  const overviewHeaders = rememberLast((html) => ({ etag: etagOf(html), "content-security-policy": contentSecurityPolicyFor(html) }));
  app.get("/", (c) => {
    if (!store.latest()) return c.html(waitingPage(store.status()), 503, { "retry-after": "10" });
    return withResult(c, (result) => {
      const html = renderers.overviewHtml(result, store.status());
      return c.html(html, 200, overviewHeaders(html));
    });
  });
  app.get("/report.md", cached(MARKDOWN, renderers.quickReference));
  app.get("/runbook.md", cached(MARKDOWN, renderers.runbook));
  app.get("/diff", cached(JSON_TYPE, renderers.diffJson));
  app.get("/diff.md", cached(MARKDOWN, renderers.diffMarkdown));
  app.get("/snapshot.json", (c) => withResult(c, (result) => c.json(result.snapshot)));
  // Everything, or `?app=SLUG`, `?user=NAME` or both: the `access` command's `--app` and `--user`.
  app.get("/access.json", (c) =>
    withResult(c, (result) => {
      const answer = renderers.access(result, { app: c.req.query("app"), user: c.req.query("user") });
      return answer.found ? c.json(answer.access) : c.json({ error: answer.error }, 404);
    }),
  );

  // A refresh is a full crawl of authentik: a call that starts an audit spends from a small budget
  // that refills once per interval; one that shares a queued audit costs nothing. No caller can make
  // the service crawl authentik in a loop.
  app.post("/-/refresh", async (c) => {
    if (!deps.refreshWouldShare?.()) {
      const waitMs = refreshBudget.spend(deps.now().getTime());
      if (waitMs > 0) {
        return c.json({ error: "audits were requested too often; try again later" }, 429, {
          "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))),
        });
      }
    }
    await deps.refresh();
    const status = store.status();
    // Published a result: authentik up is not enough when the runbook has never parsed.
    const refreshed = status.lastError === null;
    return c.json({ refreshed, ...publicStatus(status) }, refreshed ? 200 : 502);
  });
  app.on(["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"], "/-/refresh", (c) =>
    c.json({ error: `${c.req.method} /-/refresh: use POST` }, 405, { allow: "POST" }),
  );

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    const status = error instanceof AuditorError ? 502 : 500;
    return c.json({ error: error.message }, status);
  });

  /** A route whose body is rendered once per result: its ETag is the body's hash, worked out once. */
  function cached(type: string, render: (result: AuditResult) => string) {
    const etag = rememberLast((body) => etagOf(body));
    return (c: Context) =>
      withResult(c, (result) => {
        const body = render(result);
        return c.body(body, 200, { "content-type": type, etag: etag(body) });
      });
  }

  /**
   * Before the first good audit, data routes answer 503 with the reason as JSON. After it, they serve
   * the last good result with its age in headers (the body stays stable, so its ETag does too).
   */
  function withResult(c: Context, respond: (result: AuditResult) => Response | Promise<Response>): Response | Promise<Response> {
    const result = store.latest();
    if (!result) {
      return c.json({ error: "no successful audit yet", ...publicStatus(store.status()) }, 503, { "retry-after": "10" });
    }
    const auditedAt = new Date(result.finishedAt);
    c.header("last-modified", auditedAt.toUTCString());
    c.header("age", String(Math.max(0, Math.floor((deps.now().getTime() - auditedAt.getTime()) / 1000))));
    return respond(result);
  }

  return app;
}

/**
 * A token bucket: `capacity` spends at once, one more per `intervalMs`. `spend` returns 0 when it
 * spent one, else how long until one is there.
 */
function createRefreshBudget(capacity: number, intervalMs: number): { spend(nowMs: number): number } {
  let tokens = capacity;
  let updatedAtMs: number | null = null;
  return {
    spend(nowMs) {
      if (intervalMs <= 0) return 0;
      if (updatedAtMs !== null) tokens = Math.min(capacity, tokens + (nowMs - updatedAtMs) / intervalMs);
      updatedAtMs = nowMs;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) * intervalMs;
    },
  };
}

/** The overview's stand-in until the first good audit: a page, not JSON, that reloads itself. */
function waitingPage(status: AuditStatus): string {
  const state = status.running || status.lastAttemptAt === null ? "The first audit is running." : "The last audit failed; see /readyz.";
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">',
    "<title>No audit yet · authentik access audit</title></head>",
    `<body><h1>No successful audit yet</h1><p>${state} This page reloads every 10 seconds.</p></body></html>`,
    "",
  ].join("\n");
}

function publicStatus(status: AuditStatus) {
  return {
    up: status.up,
    running: status.running,
    lastAttemptAt: status.lastAttemptAt,
    lastSuccessAt: status.lastSuccessAt,
    lastError: status.lastError,
    baselineValid: status.baselineValid,
    baselineError: status.baselineError,
  };
}
