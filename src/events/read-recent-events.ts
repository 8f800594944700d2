import { ApiEvent, AuthentikApiError, apiPage } from "../authentik/index.js";
import type { AuthentikClient } from "../authentik/index.js";
import { isAccessRelevant, toAuthentikEvent } from "./to-authentik-event.js";
import type { AuthentikEvent, EventLog } from "./types.js";

export interface ReadRecentEventsOptions {
  /** How far back to read. */
  windowMs: number;
  now: () => Date;
  /** Events per page; authentik caps it at the tenant's maximum (100 by default). */
  pageSize?: number;
  /** Upper bound on pages, so a huge log cannot hold an audit up: the newest `pageSize * maxPages` events. */
  maxPages?: number;
}

/** Only model events can explain a finding; older authentik versions ignore `actions` and send all kinds. */
export const MODEL_ACTIONS = ["model_created", "model_updated", "model_deleted"] as const;
const PAGE_ROUTE = "/events/events/";
export const VIEW_EVENT_HINT = "grant the token's user the global permission authentik_events.view_event (a superuser's token has it)";

/**
 * The model events of the last `windowMs`, newest first: one paginated list ordered by `-created`,
 * read page by page until the first event older than the window (the API has no time filter). Never
 * one request per object. A log the token may not read is a notice, not a failure: the audit goes on
 * without attribution.
 */
export async function readRecentEvents(client: AuthentikClient, options: ReadRecentEventsOptions): Promise<EventLog> {
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 50;
  const oldestMicros = (options.now().getTime() - options.windowMs) * 1000;
  const events: AuthentikEvent[] = [];
  const pageSchema = apiPage(ApiEvent);
  try {
    for (let page = 1; page <= maxPages; page++) {
      const body = await client.get(PAGE_ROUTE, pageSchema, {
        query: { ordering: "-created", actions: MODEL_ACTIONS, page, page_size: pageSize },
      });
      for (const wire of body.results) {
        const event = toAuthentikEvent(wire);
        if (event.atMicros < oldestMicros) return logOf(events, options.windowMs, null);
        if (isAccessRelevant(event)) events.push(event);
      }
      if (body.pagination.next === 0) return logOf(events, options.windowMs, null);
    }
  } catch (error) {
    return { readable: false, events: [], windowMs: options.windowMs, notice: describeFailure(error) };
  }
  return logOf(
    events,
    options.windowMs,
    `the event log has more than ${pageSize * maxPages} model events in the window; only the newest ${pageSize * maxPages} were read, so older changes are not attributed`,
  );
}

function logOf(events: AuthentikEvent[], windowMs: number, notice: string | null): EventLog {
  return { readable: true, events, windowMs, notice };
}

/** Why attribution is missing, in one sentence that says what to do. */
export function describeFailure(error: unknown): string {
  if (error instanceof AuthentikApiError && error.status === 403) {
    return `the token cannot read authentik's event log (GET ${PAGE_ROUTE} answered 403), so findings do not say who changed what: ${VIEW_EVENT_HINT}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `authentik's event log could not be read, so findings do not say who changed what: ${message}`;
}
