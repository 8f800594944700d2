import type { Event } from "@goauthentik/api";
import type { SimulatorEvent } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/** An event as `EventSerializer` sends it: the stored columns; `expires` defaults to `created` plus the retention. */
export function serializeEvent(event: SimulatorEvent): Wire<Event> {
  return {
    pk: event.pk,
    user: event.user,
    action: event.action as Wire<Event>["action"],
    app: event.app,
    context: event.context,
    client_ip: event.client_ip,
    created: event.created,
    expires: event.expires ?? new Date(Date.parse(event.created) + 365 * 86_400_000).toISOString(),
    brand: event.brand ?? {},
  } satisfies Wire<Event>;
}
