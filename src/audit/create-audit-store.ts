import type { AuthentikEvent, EventObjectKind } from "../events/index.js";
import { isAccessRelevant } from "../events/index.js";
import type { VerifyReport } from "../verify/index.js";
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
  watch: WatchStatus;
  verification: VerificationStatus;
}

export interface WatchStatus {
  /** Polls of the event log since start (0 while the watch is off). */
  polls: number;
  /** New model events the watch saw, by the kind of object they touched (`other`: not access-relevant). */
  events: Record<EventObjectKind, number>;
  /** When the service last learned of a change that decides access (a poll, or an audit's event read). */
  lastChangeDetectedAt: string | null;
  /** Why the last poll failed, or null. */
  lastPollError: string | null;
}

export interface VerificationStatus {
  /** Pairs checked against authentik's `check_access` since start, by outcome. */
  checks: { agree: number; disagree: number; resolved: number };
  /** Disagreements of the last verification, or null before the first. */
  lastDisagreements: number | null;
  lastVerifiedAt: string | null;
  lastError: string | null;
}

/** The last good result and the status of the latest attempt: what HTTP and metrics read. */
export interface AuditStore {
  latest(): AuditResult | null;
  lastGoodBaseline(): GoodBaseline | null;
  status(): AuditStatus;
  setRunning(running: boolean): void;
  /** Record an outcome; only a successful one replaces the published result. */
  record(outcome: AuditOutcome, attemptedAt: Date): void;
  /** What one poll of the event log found (new model events, newest first). */
  recordWatchPoll(events: readonly AuthentikEvent[], at: Date): void;
  recordWatchError(message: string): void;
  recordVerification(report: VerifyReport, at: Date): void;
  recordVerificationError(message: string, at: Date): void;
  /**
   * Detection delays (seconds) recorded since the last call, for the histogram: from the oldest change
   * an audit reported for the first time to the end of that audit.
   */
  takeDetectionDelays(): number[];
}

const EVENT_KINDS: readonly EventObjectKind[] = ["application", "group", "user", "policybinding", "policy", "tenant", "other"];
// A scrape drains these; without a scraper they must not pile up for ever.
const MAX_PENDING_DELAYS = 10_000;

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
    watch: {
      polls: 0,
      events: Object.fromEntries(EVENT_KINDS.map((kind) => [kind, 0])) as Record<EventObjectKind, number>,
      lastChangeDetectedAt: null,
      lastPollError: null,
    },
    verification: { checks: { agree: 0, disagree: 0, resolved: 0 }, lastDisagreements: null, lastVerifiedAt: null, lastError: null },
  };
  // The newest access-relevant event an audit has reported (µs), and the newest one the watch has seen.
  let reportedMicros: number | null = null;
  let watchedMicros = 0;
  let pendingDelays: number[] = [];

  /** Changes this audit is the first to report: the detection delay of the oldest, and its detection time. */
  function noteReportedChanges(result: AuditResult): void {
    const log = result.eventLog;
    if (!log?.readable) return;
    const newest = Math.max(0, ...log.events.map((event) => event.atMicros));
    if (reportedMicros !== null) {
      const fresh = log.events.filter((event) => event.atMicros > (reportedMicros ?? 0));
      if (fresh.length > 0) {
        const oldestMs = Math.min(...fresh.map((event) => event.atMicros)) / 1000;
        // authentik's clock and ours may disagree by a little: a negative delay means "at once".
        if (pendingDelays.length < MAX_PENDING_DELAYS) pendingDelays.push(Math.max(0, (Date.parse(result.finishedAt) - oldestMs) / 1000));
        if (newest > watchedMicros) status = { ...status, watch: { ...status.watch, lastChangeDetectedAt: result.finishedAt } };
      }
    }
    reportedMicros = Math.max(reportedMicros ?? 0, newest);
  }

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
        noteReportedChanges(outcome.result);
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
    recordWatchPoll(events, at) {
      const counts = { ...status.watch.events };
      let relevant = false;
      for (const event of events) {
        counts[isAccessRelevant(event) ? (event.object?.kind ?? "other") : "other"] += 1;
        if (isAccessRelevant(event)) {
          relevant = true;
          watchedMicros = Math.max(watchedMicros, event.atMicros);
        }
      }
      status = {
        ...status,
        watch: {
          polls: status.watch.polls + 1,
          events: counts,
          lastChangeDetectedAt: relevant ? at.toISOString() : status.watch.lastChangeDetectedAt,
          lastPollError: null,
        },
      };
    },
    recordWatchError(message) {
      status = { ...status, watch: { ...status.watch, polls: status.watch.polls + 1, lastPollError: message } };
    },
    recordVerification(report, at) {
      const { checks } = status.verification;
      status = {
        ...status,
        verification: {
          checks: {
            agree: checks.agree + report.agreements,
            disagree: checks.disagree + report.disagreements.length,
            resolved: checks.resolved + report.resolved.length,
          },
          lastDisagreements: report.disagreements.length,
          lastVerifiedAt: at.toISOString(),
          lastError: null,
        },
      };
    },
    recordVerificationError(message, at) {
      status = { ...status, verification: { ...status.verification, lastVerifiedAt: at.toISOString(), lastError: message } };
    },
    takeDetectionDelays() {
      const taken = pendingDelays;
      pendingDelays = [];
      return taken;
    },
  };
}
