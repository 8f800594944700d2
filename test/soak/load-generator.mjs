// A scraper in its own process, as Prometheus and dashboards are: CONCURRENCY connections request
// PATHS round-robin as fast as the service answers, until SIGTERM or DURATION_MS, then print one JSON
// line: requests, failures (non-200 or no answer), latency percentiles in ms and the status counts.
// Usage: node load-generator.mjs URL TOKEN DURATION_MS CONCURRENCY PATH[,PATH...]
import { performance } from "node:perf_hooks";
import { Pool } from "undici";

const [url, token, durationMs = "60000", concurrency = "8", pathList = "/metrics"] = process.argv.slice(2);
const paths = pathList.split(",");
const pool = new Pool(url, { connections: Number(concurrency), pipelining: 1 });
const latencies = [];
const statuses = {};
let failures = 0;
let running = true;
const firstFailures = [];

process.on("SIGTERM", () => {
  running = false;
});
setTimeout(() => {
  running = false;
}, Number(durationMs)).unref();

async function worker(offset) {
  for (let i = offset; running; i++) {
    const path = paths[i % paths.length];
    const started = performance.now();
    try {
      const response = await pool.request({ method: "GET", path, headers: { authorization: `Bearer ${token}` } });
      await response.body.dump({ limit: Number.POSITIVE_INFINITY });
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      if (response.statusCode !== 200) {
        failures += 1;
        if (firstFailures.length < 5) firstFailures.push(`${path}: ${response.statusCode}`);
      }
    } catch (error) {
      failures += 1;
      statuses.error = (statuses.error ?? 0) + 1;
      if (firstFailures.length < 5) firstFailures.push(`${path}: ${error.code ?? error.message}`);
    }
    latencies.push(performance.now() - started);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, (_, index) => worker(index)));
const elapsedMs = performance.now() - started;
await pool.close();
latencies.sort((a, b) => a - b);
const percentile = (p) =>
  latencies.length === 0 ? null : Number(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2));
process.stdout.write(
  `${JSON.stringify({
    requests: latencies.length,
    failures,
    firstFailures,
    perSecond: Math.round((latencies.length / elapsedMs) * 1000),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    maxMs: latencies.length === 0 ? null : Number(latencies[latencies.length - 1].toFixed(2)),
    statuses,
  })}\n`,
);
