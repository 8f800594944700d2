import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ServerType } from "@hono/node-server";
import { Registry } from "prom-client";
import { createAuditStore, runAudit, startAuditLoop, startChangeWatch } from "./audit/index.js";
import type { AuditLoop, AuditResult, AuditStore, ChangeWatch } from "./audit/index.js";
import { createAuthentikClient } from "./authentik/index.js";
import { checkServeAccess, clientTuning, isLoopbackHost } from "./config/index.js";
import type { Config } from "./config/index.js";
import { AuditorError } from "./errors.js";
import { createHttpRenderers, prerenderPages } from "./create-http-renderers.js";
import { createApp } from "./http/index.js";
import type { Logger } from "./logger.js";
import { createMetrics } from "./metrics/index.js";
import { readRunbook } from "./read-runbook.js";
import { createReportRenderer } from "./report/index.js";
import { pollNewEvents, readRecentEvents } from "./events/index.js";
import { takeSnapshot } from "./snapshot/index.js";
import { verifyAccess } from "./verify/index.js";

export interface ServiceOptions {
  logger: Logger;
  now?: () => Date;
  /** How long a stop waits for the running audit before abandoning it. */
  drainTimeoutMs?: number;
  /** How often `POST /-/refresh` may start an audit after a burst of two (default every 10 s). */
  refreshMinIntervalMs?: number;
}

export interface RunningService {
  /** `http://host:port` the server listens on. */
  readonly url: string;
  readonly store: AuditStore;
  /** Settles when the start-up audit has an outcome. */
  readonly firstAudit: Promise<void>;
  /** Stop the scheduler, finish (or abandon) the running audit, close the server and the client. */
  stop(): Promise<void>;
}

/**
 * `ak-access serve`: wire the read-only client, the audit loop, metrics and HTTP together, and
 * listen. The port is bound first (a taken port fails at once, before any call to authentik); then
 * the first audit starts, and until it succeeds the data routes answer 503.
 */
export async function startService(config: Readonly<Config>, options: ServiceOptions): Promise<RunningService> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  if (!config.url || !config.token) {
    throw new AuditorError("config", "serve needs AUTHENTIK_URL (or AK_API) and AUTHENTIK_TOKEN (or AK_TOKEN, AUTHENTIK_TOKEN_FILE)");
  }
  checkServeAccess(config);
  const registry = new Registry();
  const store = createAuditStore();
  const metrics = createMetrics(registry, store);
  const client = createAuthentikClient({
    baseUrl: config.url,
    token: config.token,
    readOnly: true,
    ...clientTuning(config),
    logger,
    onRequest: (record) => metrics.recordApiRequest(record),
  });

  let lastVerifyError: string | null = null;
  /** AK_ACCESS_VERIFY_SAMPLE: a few pairs checked against authentik's own answer after each audit. */
  async function verifySample(result: AuditResult): Promise<void> {
    try {
      const report = await verifyAccess(client, result.snapshot, {
        sample: config.verifySample,
        limit: config.verifySample,
        seed: Math.floor(Math.random() * 2 ** 32),
        concurrency: Math.min(2, config.concurrency),
        paceMs: VERIFY_PACE_MS,
      });
      store.recordVerification(report, now());
      lastVerifyError = null;
      if (report.disagreements.length > 0) {
        // Slugs and counts only: usernames stay out of logs that may be shipped elsewhere.
        const slugs = [...new Set(report.disagreements.map((pair) => pair.slug))].sort();
        logger.warn({ disagreements: report.disagreements.length, slugs }, "the access model disagrees with authentik's check_access");
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.recordVerificationError(message, now());
      if (message !== lastVerifyError) logger.warn({ err: message }, "cannot verify the access model against authentik");
      lastVerifyError = message;
    }
  }

  // The loop starts once the port is bound; a refresh before that (there is none) would be a no-op.
  let loop: AuditLoop | null = null;
  let watch: ChangeWatch | null = null;
  const renderers = createHttpRenderers(createReportRenderer(), config.baselineFile);
  const app = createApp({
    store,
    metrics,
    renderers,
    // A webhook from authentik's notification rule calls this right after a change: an audit that
    // already ran may have read authentik before it, so the answer comes from one that starts after.
    refresh: () => loop?.auditAfterChange() ?? Promise.resolve(),
    refreshWouldShare: () => loop?.followUpQueued() ?? false,
    httpToken: config.httpToken?.reveal() ?? null,
    now,
    loopbackOnly: isLoopbackHost(config.listen.host),
    ...(options.refreshMinIntervalMs === undefined ? {} : { refreshMinIntervalMs: options.refreshMinIntervalMs }),
  });

  let server: ServerType;
  try {
    server = await listen(app.fetch, config.listen.host, config.listen.port);
  } catch (error) {
    await client.close();
    const code = (error as { code?: string }).code ?? "failed";
    throw new AuditorError(
      "config",
      `cannot listen on ${config.listen.host}:${config.listen.port} (${code}); set AK_ACCESS_LISTEN or --listen`,
      { cause: error },
    );
  }
  const running = startAuditLoop({
    schedule: config.schedule,
    store,
    logger,
    now,
    ...(config.verifySample > 0 ? { afterSuccess: (result: AuditResult) => verifySample(result) } : {}),
    // The page and the audit's metrics are rendered when they change, on the next turn of the event
    // loop, so the first request after an audit is served from memory like every other.
    onStatusChange: () => setImmediate(() => prerenderPages(store, renderers, metrics, logger)),
    run: () =>
      runAudit({
        readEvents: config.eventsWindowMs > 0 ? () => readRecentEvents(client, { windowMs: config.eventsWindowMs, now }) : null,
        takeSnapshot: () => takeSnapshot(client, { now }),
        readBaseline: async () => ({ text: await readRunbook(config.baselineFile, config.maxRunbookBytes), file: config.baselineFile }),
        lastGoodBaseline: store.lastGoodBaseline(),
        now,
      }),
  });
  loop = running;
  watch =
    config.watchIntervalMs > 0
      ? startChangeWatch({
          intervalMs: config.watchIntervalMs,
          auditSpacingMs: Math.max(2 * config.watchIntervalMs, MIN_AUDIT_SPACING_MS),
          poll: (cursor) => pollNewEvents(client, cursor),
          audit: running.auditAfterChange,
          store,
          logger,
        })
      : null;

  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    {
      url,
      schedule: config.schedule,
      watchIntervalMs: config.watchIntervalMs,
      baseline: config.baselineFile,
      authentik: client.baseUrl,
    },
    "ak-access serving",
  );

  return {
    url,
    store,
    firstAudit: running.firstAudit,
    async stop() {
      await watch?.stop();
      const drained = running.stop();
      const timeoutMs = options.drainTimeoutMs ?? 5_000;
      const finished = await Promise.race([drained.then(() => true), delay(timeoutMs).then(() => false)]);
      if (!finished) logger.warn({ timeoutMs }, "abandoning the running audit");
      // Destroying the client aborts whatever an abandoned audit still waits for.
      await (finished ? client.close() : client.destroy()).catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections from scrapers would otherwise hold the close open.
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      logger.info("ak-access stopped");
    },
  };
}

/** A watch interval shorter than this would otherwise let a burst of writes start audits back to back. */
const MIN_AUDIT_SPACING_MS = 5_000;
/** check_access runs authentik's policy engine for each request: at most ten a second from the service. */
const VERIFY_PACE_MS = 100;

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once("error", reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
