import { Client } from "undici";
import { forkChild } from "./child-ipc.js";
import type { ServiceMemory } from "./service-process.js";
import { median } from "./stats.js";

export interface RouteMeasure {
  /** The first GET after the first audit (a render, unless it happened at audit time). */
  firstMs: number;
  /** Median of the repeated GETs that follow. */
  repeatMs: number;
  bytes: number;
  gzipBytes: number;
  /** The repeated GETs carried the first GET's ETag. */
  etagStable: boolean;
  /** A GET with `If-None-Match: <first ETag>` answered 304. */
  notModified: boolean;
}

export interface ServiceMeasure {
  metrics: RouteMeasure;
  overview: RouteMeasure;
  /** Wall time of `POST /-/refresh` (one audit), median over the measured audits. */
  auditMs: number;
  warmupAudits: number;
  /** Audits measured: as many as asked for, or fewer when the time budget ran out first. */
  audits: number;
  auditsAsked: number;
  afterWarmup: ServiceMemory;
  afterAudits: ServiceMemory;
  /** RSS growth from after warm-up to after the audits, in %, as sampled (garbage not yet collected included). */
  rssGrowthPercent: number;
  /** The same growth measured after a full GC at both points: what the process keeps. */
  rssAfterGcGrowthPercent: number;
}

/**
 * The service's routes through a real socket, then its memory over many audits: each audit is a
 * `POST /-/refresh` followed by a scrape of `/metrics` and a view of `/`, as a running service sees.
 */
export async function measureService(
  target: { url: string; token: string; runbookFile: string },
  options: { repeats: number; warmupAudits: number; audits: number; auditBudgetMs: number; concurrency: number },
): Promise<ServiceMeasure> {
  const child = forkChild(new URL("./service-process.ts", import.meta.url), ["--expose-gc"]);
  try {
    const { url } = await child.call<{ url: string }>("start", { ...target, concurrency: options.concurrency });
    const client = new Client(url, { keepAliveTimeout: 60_000, bodyTimeout: 600_000, headersTimeout: 600_000 });
    try {
      const metrics = await measureRoute(client, "/metrics", options.repeats);
      const overview = await measureRoute(client, "/", options.repeats);
      for (let i = 0; i < options.warmupAudits; i += 1) await audit(client);
      const afterWarmup = await child.call<ServiceMemory>("memory");
      const auditTimes: number[] = [];
      const started = performance.now();
      while (auditTimes.length < options.audits && performance.now() - started < options.auditBudgetMs)
        auditTimes.push(await audit(client));
      const afterAudits = await child.call<ServiceMemory>("memory");
      return {
        metrics,
        overview,
        auditMs: median(auditTimes),
        warmupAudits: options.warmupAudits,
        audits: auditTimes.length,
        auditsAsked: options.audits,
        afterWarmup,
        afterAudits,
        rssGrowthPercent: ((afterAudits.rssMb - afterWarmup.rssMb) / afterWarmup.rssMb) * 100,
        rssAfterGcGrowthPercent: ((afterAudits.rssAfterGcMb - afterWarmup.rssAfterGcMb) / afterWarmup.rssAfterGcMb) * 100,
      };
    } finally {
      await client.close();
    }
  } finally {
    await child.stop();
  }
}

async function measureRoute(client: Client, path: string, repeats: number): Promise<RouteMeasure> {
  const first = await get(client, path);
  const repeated = [];
  // A GET costs milliseconds, so ten of them at least: with three, one that meets a GC or a cold
  // code path is the median.
  for (let i = 0; i < Math.max(repeats, 10); i += 1) repeated.push(await get(client, path));
  const conditional = await get(client, path, first.etag === null ? {} : { "if-none-match": first.etag });
  const gzip = await get(client, path, { "accept-encoding": "gzip" });
  return {
    firstMs: first.ms,
    repeatMs: median(repeated.map((r) => r.ms)),
    bytes: first.bytes,
    gzipBytes: gzip.bytes,
    etagStable: first.etag !== null && repeated.every((r) => r.etag === first.etag),
    notModified: conditional.status === 304,
  };
}

async function get(client: Client, path: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await client.request({ method: "GET", path, headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  const ms = performance.now() - started;
  if (response.statusCode !== 200 && response.statusCode !== 304) {
    throw new Error(`GET ${path} answered ${response.statusCode}: ${body.toString("utf8").slice(0, 300)}`);
  }
  const etag = response.headers.etag;
  return { ms, bytes: body.length, status: response.statusCode, etag: typeof etag === "string" ? etag : null };
}

/** One audit and what follows it; the audit's wall time. A failed audit stops the benchmark. */
async function audit(client: Client): Promise<number> {
  const started = performance.now();
  const response = await client.request({ method: "POST", path: "/-/refresh" });
  const text = await response.body.text();
  const ms = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`POST /-/refresh answered ${response.statusCode}: ${text.slice(0, 300)}`);
  await get(client, "/metrics");
  await get(client, "/");
  return ms;
}
