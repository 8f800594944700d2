import { Cron } from "croner";
import type { Logger } from "pino";
import type { AuditStore } from "./create-audit-store.js";
import type { AuditOutcome } from "./types.js";

export interface AuditLoopOptions {
  schedule: string;
  store: AuditStore;
  run: () => Promise<AuditOutcome>;
  logger: Logger;
  now: () => Date;
}

export interface AuditLoop {
  /** Settles when the start-up audit has an outcome (success or failure: it never rejects). */
  readonly firstAudit: Promise<void>;
  /** Run an audit now, or join the one already running (`POST /-/refresh`). */
  refresh(): Promise<void>;
  /** Stop scheduling; resolves when the running audit (if any) has finished. */
  stop(): Promise<void>;
}

/** Throws croner's own message when the expression is not valid. */
export function validateSchedule(schedule: string): void {
  new Cron(schedule, { paused: true }).stop();
}

/**
 * Audit once at start-up and then on the schedule. `protect` keeps croner from overlapping runs, and
 * `refresh` joins a running audit instead of starting a second one. The job never throws: failures
 * are outcomes, recorded and logged once with their cause; the last good result stays published.
 */
export function startAuditLoop(options: AuditLoopOptions): AuditLoop {
  const { store, logger } = options;
  let current: Promise<void> | null = null;

  function runOnce(): Promise<void> {
    if (current) return current;
    current = (async () => {
      const attemptedAt = options.now();
      store.setRunning(true);
      try {
        const outcome = await options.run();
        store.record(outcome, attemptedAt);
        if (!outcome.ok && outcome.snapshotTaken) {
          logger.error({ err: outcome.error.message }, "baseline refused and no earlier good baseline: nothing to audit against");
        } else if (outcome.baselineError) {
          logger.error({ err: outcome.baselineError.message }, "baseline refused; auditing against the last good baseline");
        }
        if (outcome.ok) {
          const { summary, inSync } = outcome.result.diff;
          logger.info({ durationMs: outcome.result.durationMs, inSync, ...summary }, "audit finished");
        } else if (!outcome.snapshotTaken) {
          logger.error({ err: outcome.error.message }, "audit failed; keeping the last good result");
        }
      } catch (error) {
        // runAudit returns failures as values; reaching here is a bug, but the service must go on.
        store.record({ ok: false, error: error as Error, snapshotTaken: false, baselineValid: store.status().baselineValid }, attemptedAt);
        logger.error({ err: error }, "audit crashed");
      } finally {
        store.setRunning(false);
        current = null;
      }
    })();
    return current;
  }

  const cron = new Cron(options.schedule, { name: "audit", protect: true, catch: true }, () => runOnce());
  const firstAudit = runOnce();

  return {
    firstAudit,
    refresh: runOnce,
    async stop() {
      cron.stop();
      if (current) await current;
    },
  };
}
