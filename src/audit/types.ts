import type { AccessEvaluator } from "../access/index.js";
import type { Baseline } from "../baseline/index.js";
import type { DiffResult } from "../diff/index.js";
import type { EventLog } from "../events/index.js";
import type { Snapshot } from "../snapshot/index.js";

/** One complete, good audit: published whole or not at all. */
export interface AuditResult {
  snapshot: Snapshot;
  baseline: Baseline;
  /** The runbook's text as read for this audit (the source `/runbook.md` regenerates). */
  baselineText: string;
  /** Findings carry the events that explain them (`events`, `[]` when none). */
  diff: DiffResult;
  /**
   * The live state's access evaluator, built once by the audit and shared by the diff, the pages and
   * the metrics; the full matrix of usernames is resolved from it only when asked for (`resolveResultAccess`).
   */
  live: AccessEvaluator;
  /** What was read of authentik's event log for attribution, or null when attribution is off. */
  eventLog: EventLog | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/**
 * A run's outcome. `baselineValid` is false when the runbook did not parse this time; the audit then
 * used the last good baseline (`baselineError` says why the new one was refused). A failure with
 * `snapshotTaken` read authentik in full and failed on the runbook alone: it did not parse and no
 * earlier version ever did, so there was nothing to compare with (`error` is then `baselineError`).
 */
export type AuditOutcome =
  | { ok: true; result: AuditResult; baselineValid: boolean; baselineError?: Error }
  | { ok: false; error: Error; snapshotTaken: boolean; baselineValid: boolean; baselineError?: Error };
