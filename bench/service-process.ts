/**
 * Child process: the real service (`startService` from src/main.ts) against the simulator, on port 0,
 * with a schedule that never fires during a run (audits come from `POST /-/refresh`). Its own process,
 * so the RSS it reports is the service's (plus this file and the TypeScript loader), not the benchmark's.
 * Started with --expose-gc so that the heap can also be read after a full collection.
 */
import { loadConfig } from "../src/config/index.js";
import { createLogger } from "../src/logger.js";
import { startService } from "../src/main.js";
import type { RunningService } from "../src/main.js";
import { answerParent } from "./child-ipc.js";

export interface ServiceMemory {
  rssMb: number;
  heapUsedMb: number;
  /** Heap used after `gc()`: what is really retained. */
  heapAfterGcMb: number;
  /** RSS after that `gc()`: the process without the garbage its last audits left uncollected. */
  rssAfterGcMb: number;
}

let service: RunningService | null = null;
const MB = 1024 * 1024;

answerParent({
  async start(payload) {
    const { url, token, runbookFile, concurrency } = payload as { url: string; token: string; runbookFile: string; concurrency: number };
    const config = loadConfig({
      AUTHENTIK_URL: url,
      AUTHENTIK_TOKEN: token,
      AK_ACCESS_BASELINE: runbookFile,
      AK_ACCESS_LISTEN: "127.0.0.1:0",
      AK_ACCESS_SCHEDULE: "0 0 1 1 *",
      AK_ACCESS_CONCURRENCY: String(concurrency),
    });
    // Audits come back to back from `POST /-/refresh`: no budget between them (the service's default allows one per 10 s).
    service = await startService(config, { logger: createLogger("silent"), refreshMinIntervalMs: 0 });
    await service.firstAudit;
    const status = service.store.status();
    if (!status.up) throw new Error(`the first audit failed: ${status.lastError ?? "unknown"}`);
    return { url: service.url };
  },
  memory(): ServiceMemory {
    const { rss, heapUsed } = process.memoryUsage();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const after = process.memoryUsage();
    return {
      rssMb: rss / MB,
      heapUsedMb: heapUsed / MB,
      heapAfterGcMb: gc ? after.heapUsed / MB : Number.NaN,
      rssAfterGcMb: gc ? after.rss / MB : Number.NaN,
    };
  },
  async stop() {
    await service?.stop();
    service = null;
    return null;
  },
});
