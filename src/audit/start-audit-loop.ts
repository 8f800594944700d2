import { Cron } from "croner";
import type { Logger } from "pino";
import type { AuditStore } from "./create-audit-store.js";
import type { AuditOutcome, AuditResult } from "./types.js";

export interface AuditLoopOptions {
  schedule: string;
  store: AuditStore;
  run: () => Promise<AuditOutcome>;
  /** Runs after each successful audit, inside the same job (so it never overlaps the next audit). */
  afterSuccess?: (result: AuditResult) => Promise<void>;
  /**
   * Called when an audit starts and when it has ended (its outcome recorded): the moments the
   * published status changes, so the service can render its pages then rather than on a request.
   */
  onStatusChange?: () => void;
  logger: Logger;
  now: () => Date;
}

export interface AuditLoop {
  /** Settles when the start-up audit has an outcome (success or failure: it never rejects). */
  readonly firstAudit: Promise<void>;
  /** Run an audit now, or join the one already running (`POST /-/refresh`). */
  refresh(): Promise<void>;
  /**
   * An audit that starts after this call: now when none is running, else one more after the running one
   * (which may have read authentik before the change). Callers meanwhile share that one follow-up.
   */
  auditAfterChange(): Promise<void>;
  /** A follow-up audit is queued and not started yet: `auditAfterChange` now would share it. */
  followUpQueued(): boolean;
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
  let followUp: Promise<void> | null = null;
  let lastNotice: string | null = null;
  let stopped = false;

  function runOnce(): Promise<void> {
    if (current) return current;
    current = (async () => {
      const attemptedAt = options.now();
      store.setRunning(true);
      options.onStatusChange?.();
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
          const notice = outcome.result.eventLog?.notice ?? null;
          // Logged when it changes, not at every audit: a token without view_event stays without it.
          if (notice !== lastNotice && notice !== null) logger.warn({ notice }, "findings are not fully attributed");
          lastNotice = notice;
          // The result is published already; whatever follows cannot take it back.
          await options.afterSuccess?.(outcome.result).catch((error: unknown) => logger.error({ err: error }, "after-audit step failed"));
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
        options.onStatusChange?.();
      }
    })();
    return current;
  }

  const cron = new Cron(options.schedule, { name: "audit", protect: true, catch: true }, () => runOnce());
  const firstAudit = runOnce();

  function auditAfterChange(): Promise<void> {
    if (!current) return runOnce();
    followUp ??= current.then(() => {
      followUp = null;
      return stopped ? undefined : runOnce();
    });
    return followUp;
  }

  return {
    firstAudit,
    refresh: runOnce,
    auditAfterChange: () => (stopped ? Promise.resolve() : auditAfterChange()),
    followUpQueued: () => followUp !== null,
    async stop() {
      stopped = true;
      cron.stop();
      if (current) await current;
    },
  };
}
