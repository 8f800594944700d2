import { Hono } from "hono";
import type { Context } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { compress } from "hono/compress";
import { etag } from "hono/etag";
import { HTTPException } from "hono/http-exception";
import type { Registry } from "prom-client";
import type { AuditResult, AuditStatus, AuditStore } from "../audit/index.js";
import { AuditorError } from "../errors.js";
import { summarizeAttribution } from "../events/index.js";

/** What the pages are made of: pure renderers over the last good result. */
export interface HttpRenderers {
  quickReference(result: AuditResult): string;
  diffMarkdown(result: AuditResult): string;
  overviewHtml(result: AuditResult, status: AuditStatus, now: Date): string;
  /** The runbook with its quick-reference tables regenerated (what `report --inject` would write). */
  runbook(result: AuditResult): string;
}

export interface AppDeps {
  store: AuditStore;
  registry: Registry;
  renderers: HttpRenderers;
  /** An audit that starts after this call (now, or right after the running one); concurrent calls share it. */
  refresh: () => Promise<void>;
  /** When set, every route but /healthz and /readyz needs `Authorization: Bearer <it>`. */
  httpToken: string | null;
  now: () => Date;
}

const MARKDOWN = "text/markdown; charset=utf-8";
const OPEN_PATHS = new Set(["/healthz", "/readyz"]);

/** The service's routes (PRODUCT.md section 7). Never listens: the caller serves `app.fetch`. */
export function createApp(deps: AppDeps): Hono {
  const { store, renderers } = deps;
  const app = new Hono();

  app.use(compress());
  if (deps.httpToken) {
    const guard = bearerAuth({ token: deps.httpToken });
    app.use(async (c, next) => (OPEN_PATHS.has(c.req.path) ? next() : guard(c, next)));
  }
  app.use(etag());

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", (c) => {
    const ready = store.latest() !== null;
    return c.json({ ready, ...publicStatus(store.status()) }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => c.body(await deps.registry.metrics(), 200, { "content-type": deps.registry.contentType }));

  app.get("/", (c) => withResult(c, (result) => c.html(renderers.overviewHtml(result, store.status(), deps.now()))));
  app.get("/report.md", (c) => withResult(c, (result) => c.body(renderers.quickReference(result), 200, { "content-type": MARKDOWN })));
  app.get("/runbook.md", (c) => withResult(c, (result) => c.body(renderers.runbook(result), 200, { "content-type": MARKDOWN })));
  app.get("/diff", (c) =>
    withResult(c, (result) => c.json({ ...result.diff, attribution: summarizeAttribution(result.eventLog), auditedAt: result.finishedAt })),
  );
  app.get("/diff.md", (c) => withResult(c, (result) => c.body(renderers.diffMarkdown(result), 200, { "content-type": MARKDOWN })));
  app.get("/snapshot.json", (c) => withResult(c, (result) => c.json(result.snapshot)));
  app.get("/access.json", (c) => withResult(c, (result) => c.json(result.access)));

  app.post("/-/refresh", async (c) => {
    await deps.refresh();
    const status = store.status();
    // Published a result: authentik up is not enough when the runbook has never parsed.
    const refreshed = status.lastError === null;
    return c.json({ refreshed, ...publicStatus(status) }, refreshed ? 200 : 502);
  });

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    // Middleware refusals (401 from the bearer check) carry their own response.
    if (error instanceof HTTPException) return error.getResponse();
    const status = error instanceof AuditorError ? 502 : 500;
    return c.json({ error: error.message }, status);
  });

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
