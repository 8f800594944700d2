import type { Logger } from "pino";
import type { EventCursor, PolledEvents } from "../events/index.js";
import { isAccessRelevant } from "../events/index.js";
import type { AuditStore } from "./create-audit-store.js";

export interface ChangeWatchOptions {
  /** How often to ask the event log; the next poll is timed from the end of the last, so polls never overlap. */
  intervalMs: number;
  /**
   * At least this long between the starts of two audits the watch asks for. The first change is
   * audited at once; later ones within the spacing share one audit at its end, so a burst of writes
   * costs at most two audits however many events it makes.
   */
  auditSpacingMs: number;
  poll: (cursor: EventCursor | null) => Promise<PolledEvents>;
  /** An audit that starts after the change was seen (the loop's `auditAfterChange`). */
  audit: () => Promise<void>;
  store: AuditStore;
  logger: Logger;
}

export interface ChangeWatch {
  /** Stop polling and drop a pending audit; resolves when a poll in flight has ended. */
  stop(): Promise<void>;
}

/**
 * The change-triggered side of the service: poll authentik's event log for events newer than the last
 * one seen, and when one touches a group, user, application, policy binding, policy or the tenant's
 * settings, ask for an audit, coalesced and rate-bounded. Plain timers suffice: one poll at a time,
 * each scheduled when the previous one ends, all cleared on stop.
 */
export function startChangeWatch(options: ChangeWatchOptions): ChangeWatch {
  const { store, logger } = options;
  let cursor: EventCursor | null = null;
  let stopped = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let auditTimer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | null = null;
  let lastAuditStartMs = Number.NEGATIVE_INFINITY;
  let lastError: string | null = null;

  function requestAudit(): void {
    if (auditTimer !== undefined || stopped) return;
    const waitMs = Math.max(0, lastAuditStartMs + options.auditSpacingMs - Date.now());
    auditTimer = setTimeout(() => {
      auditTimer = undefined;
      lastAuditStartMs = Date.now();
      void options.audit();
    }, waitMs);
  }

  async function pollOnce(): Promise<void> {
    try {
      const polled = await options.poll(cursor);
      const first = cursor === null;
      cursor = polled.cursor;
      if (lastError !== null) logger.info("event log readable again; watching for changes");
      lastError = null;
      if (first) return;
      store.recordWatchPoll(polled.events, new Date());
      const relevant = polled.events.filter(isAccessRelevant);
      if (relevant.length > 0 || polled.overflow) {
        logger.info({ events: polled.events.length, relevant: relevant.length, overflow: polled.overflow }, "authentik changed; auditing");
        requestAudit();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.recordWatchError(message);
      // Logged once per cause: a token without view_event would otherwise log every few seconds.
      if (message !== lastError) logger.warn({ err: message }, "cannot poll authentik's event log; audits still run on the schedule");
      lastError = message;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    pollTimer = setTimeout(() => {
      polling = pollOnce().finally(() => {
        polling = null;
        schedule(options.intervalMs);
      });
    }, delayMs);
  }

  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(pollTimer);
      clearTimeout(auditTimer);
      auditTimer = undefined;
      if (polling) await polling;
    },
  };
}
