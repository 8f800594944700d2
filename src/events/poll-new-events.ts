import { ApiEvent, apiPage } from "../authentik/index.js";
import type { AuthentikClient } from "../authentik/index.js";
import { MODEL_ACTIONS } from "./read-recent-events.js";
import { toAuthentikEvent } from "./to-authentik-event.js";
import type { AuthentikEvent } from "./types.js";

/** Where the last poll stopped: the newest event seen, and every event seen at that same instant. */
export interface EventCursor {
  atMicros: number;
  pks: string[];
}

export interface PolledEvents {
  /** Model events newer than the cursor, newest first. */
  events: AuthentikEvent[];
  cursor: EventCursor;
  /** More new events than the pages read could hold: some were not seen, so assume a change. */
  overflow: boolean;
  /** Requests made (one when nothing happened). */
  requests: number;
}

export interface PollOptions {
  pageSize?: number;
  maxPages?: number;
}

/**
 * The events newer than `cursor`. The API has no created-after filter, so this reads `-created`
 * pages until it meets an event it has seen (or an older one): one request when nothing happened.
 * Without a cursor (the first poll) it only learns where the log ends, from a one-event page; the
 * start-up audit covers everything before.
 */
export async function pollNewEvents(client: AuthentikClient, cursor: EventCursor | null, options: PollOptions = {}): Promise<PolledEvents> {
  const pageSize = cursor === null ? 1 : (options.pageSize ?? 20);
  const maxPages = cursor === null ? 1 : (options.maxPages ?? 50);
  const pageSchema = apiPage(ApiEvent);
  const fresh: AuthentikEvent[] = [];
  let requests = 0;
  let reachedSeen = false;
  for (let page = 1; page <= maxPages && !reachedSeen; page++) {
    const body = await client.get("/events/events/", pageSchema, {
      query: { ordering: "-created", actions: MODEL_ACTIONS, page, page_size: pageSize },
    });
    requests += 1;
    for (const wire of body.results) {
      const event = toAuthentikEvent(wire);
      if (cursor !== null && event.atMicros < cursor.atMicros) {
        reachedSeen = true;
        break;
      }
      // Events of the cursor's own instant come in no guaranteed order: skip the seen ones, keep looking.
      if (cursor !== null && event.atMicros === cursor.atMicros && cursor.pks.includes(event.pk)) {
        reachedSeen = true;
        continue;
      }
      // Events logged while this poll pages push older ones down: the next page repeats some.
      if (!fresh.some((seen) => seen.pk === event.pk)) fresh.push(event);
    }
    if (body.pagination.next === 0) reachedSeen = true;
  }

  if (cursor === null) return { events: [], cursor: advance({ atMicros: 0, pks: [] }, fresh), overflow: false, requests };
  return { events: fresh, cursor: advance(cursor, fresh), overflow: !reachedSeen, requests };
}

function advance(cursor: EventCursor, events: readonly AuthentikEvent[]): EventCursor {
  let next = cursor;
  for (const event of events) {
    if (event.atMicros > next.atMicros) next = { atMicros: event.atMicros, pks: [event.pk] };
    else if (event.atMicros === next.atMicros && !next.pks.includes(event.pk))
      next = { atMicros: next.atMicros, pks: [...next.pks, event.pk] };
  }
  return next;
}
