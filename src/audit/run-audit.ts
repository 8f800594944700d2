import { createAccessEvaluator } from "../access/index.js";
import { BaselineError, parseBaseline } from "../baseline/index.js";
import type { Baseline } from "../baseline/index.js";
import { diffBaseline } from "../diff/index.js";
import { attributeFindings } from "../events/index.js";
import type { EventLog } from "../events/index.js";
import type { Snapshot } from "../snapshot/index.js";
import type { AuditOutcome } from "./types.js";

export interface GoodBaseline {
  baseline: Baseline;
  text: string;
}

export interface AuditDeps {
  takeSnapshot: () => Promise<Snapshot>;
  /**
   * Reads the recent events of authentik's log to attribute findings; null when attribution is off.
   * Never rejects: a log that cannot be read comes back as a notice.
   */
  readEvents: (() => Promise<EventLog>) | null;
  /** Reads the runbook afresh on every audit, so edits take effect without a restart. */
  readBaseline: () => Promise<{ text: string; file: string }>;
  /** The last baseline that parsed, kept when an edit breaks the file. */
  lastGoodBaseline: GoodBaseline | null;
  now: () => Date;
}

/**
 * One audit: read the baseline, take a snapshot, read the event log, diff, attribute the findings to
 * events. Who may access what stays as the live evaluator the diff used: the pages and metrics read
 * it, and the full matrix of usernames is resolved only when asked for. The snapshot goes first so
 * that an unreachable authentik fails once, on its first request, with one clear message. Expected
 * failures are values:
 * a broken baseline falls back to the last good one (and says so), a failed snapshot fails the whole
 * audit, a baseline broken with no good one to fall back on fails it after the snapshot, and nothing
 * partial is ever returned.
 */
export async function runAudit(deps: AuditDeps): Promise<AuditOutcome> {
  const started = deps.now();
  const read = await readBaseline(deps);
  const baseline = read.ok ? read.good : deps.lastGoodBaseline;

  let snapshot: Snapshot;
  let eventLog: EventLog | null;
  try {
    snapshot = await deps.takeSnapshot();
    eventLog = deps.readEvents ? await deps.readEvents() : null;
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error : new Error(String(error)),
      snapshotTaken: false,
      baselineValid: read.ok,
      ...baselineErrorOf(read),
    };
  }
  // A runbook broken since start-up leaves nothing to compare with. authentik is read all the same,
  // so that ak_access_up still answers "can we read authentik?" and the alert names the runbook.
  if (!baseline) {
    const error = read.ok ? new Error("no baseline") : read.error;
    return { ok: false, error, snapshotTaken: true, baselineValid: false, baselineError: error };
  }
  const live = createAccessEvaluator(snapshot, { authentikVersion: snapshot.source.authentikVersion });
  const drift = diffBaseline(baseline.baseline, snapshot, { live });
  const diff = {
    ...drift,
    findings: attributeFindings(drift.findings, eventLog?.events ?? [], { baseline: baseline.baseline, snapshot }),
  };
  const finished = deps.now();
  return {
    ok: true,
    baselineValid: read.ok,
    ...baselineErrorOf(read),
    result: {
      snapshot,
      baseline: baseline.baseline,
      baselineText: baseline.text,
      diff,
      live,
      eventLog,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
    },
  };
}

type BaselineRead = { ok: true; good: GoodBaseline } | { ok: false; error: Error };

function baselineErrorOf(read: BaselineRead): { baselineError?: Error } {
  return read.ok ? {} : { baselineError: read.error };
}

async function readBaseline(deps: AuditDeps): Promise<BaselineRead> {
  let source: { text: string; file: string };
  try {
    source = await deps.readBaseline();
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
  // The runbook rarely changes between audits: the same text parses to the same baseline, so the
  // last good one is reused rather than parsed again on the event loop (1.5 MB at 50,000 users).
  const last = deps.lastGoodBaseline;
  if (last !== null && last.text === source.text) return { ok: true, good: last };
  const parsed = parseBaseline(source.text, source.file);
  if (!parsed.baseline) return { ok: false, error: new BaselineError(parsed.problems) };
  return { ok: true, good: { baseline: parsed.baseline, text: source.text } };
}
