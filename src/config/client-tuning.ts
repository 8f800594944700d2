import type { Config } from "./config-types.js";

/**
 * How the authentik client behaves, as configured: timeouts, concurrency, retries, the response bound
 * and an extra CA. The service and the CLI make their clients with the same settings; each adds its
 * own address check, access mode and logger.
 */
export function clientTuning(config: Readonly<Config>): {
  timeoutMs: number;
  concurrency: number;
  retries: number;
  retryBaseDelayMs: number;
  maxResponseBytes: number;
  ca?: string;
} {
  return {
    timeoutMs: config.timeoutMs,
    concurrency: config.concurrency,
    retries: config.retries,
    retryBaseDelayMs: config.retryDelayMs,
    maxResponseBytes: config.maxResponseBytes,
    ...(config.ca ? { ca: config.ca } : {}),
  };
}
