import type { AuditOutcome, AuditResult } from "./types.js";
import type { GoodBaseline } from "./run-audit.js";

export interface AuditStatus {
  /**
   * The last audit read authentik in full (`ak_access_up`). True also when it then failed on the
   * runbook alone (broken, with no earlier good version): that is the runbook's fault, not authentik's.
   */
  up: boolean;
  running: boolean;
  lastAttemptAt: string | null;
  /** When the last result was published (`ak_access_last_success_timestamp_seconds`). */
  lastSuccessAt: string | null;
  /** Why the last audit published nothing (authentik's error, or the runbook's), or null. */
  lastError: string | null;
  /** The runbook parsed at the last audit (`ak_access_baseline_valid`). */
  baselineValid: boolean;
  /** Why the runbook was refused at the last audit, or null. */
  baselineError: string | null;
  audits: { success: number; failure: number };
}

/** The last good result and the status of the latest attempt: what HTTP and metrics read. */
export interface AuditStore {
  latest(): AuditResult | null;
  lastGoodBaseline(): GoodBaseline | null;
  status(): AuditStatus;
  setRunning(running: boolean): void;
  /** Record an outcome; only a successful one replaces the published result. */
  record(outcome: AuditOutcome, attemptedAt: Date): void;
}

export function createAuditStore(): AuditStore {
  let latest: AuditResult | null = null;
  let goodBaseline: GoodBaseline | null = null;
  let status: AuditStatus = {
    up: false,
    running: false,
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastError: null,
    baselineValid: false,
    baselineError: null,
    audits: { success: 0, failure: 0 },
  };

  return {
    latest: () => latest,
    lastGoodBaseline: () => goodBaseline,
    status: () => status,
    setRunning(running) {
      status = { ...status, running };
    },
    record(outcome, attemptedAt) {
      const baselineError = outcome.baselineError?.message ?? null;
      if (outcome.ok) {
        latest = outcome.result;
        if (outcome.baselineValid) goodBaseline = { baseline: outcome.result.baseline, text: outcome.result.baselineText };
        status = {
          ...status,
          up: true,
          lastAttemptAt: attemptedAt.toISOString(),
          lastSuccessAt: outcome.result.finishedAt,
          lastError: null,
          baselineValid: outcome.baselineValid,
          baselineError,
          audits: { ...status.audits, success: status.audits.success + 1 },
        };
      } else {
        status = {
          ...status,
          up: outcome.snapshotTaken,
          lastAttemptAt: attemptedAt.toISOString(),
          lastError: outcome.error.message,
          baselineValid: outcome.baselineValid,
          baselineError,
          audits: { ...status.audits, failure: status.audits.failure + 1 },
        };
      }
    },
  };
}
