import type { ValidationError } from "@goauthentik/api";
import { EVENT_ACTIONS } from "./event-actions.js";
import { filterParam, lastParam } from "./query-params.js";
import type { SimulatorEvent } from "./simulator-state.js";
import type { Wire } from "./wire.js";

export type EventFilterResult = { ok: true; events: SimulatorEvent[] } | { ok: false; errors: Wire<ValidationError> };

// DRF's OrderingFilter without `ordering_fields` accepts every readable serializer field.
const ORDERING_FIELDS = new Set(["pk", "user", "action", "app", "context", "client_ip", "created", "expires", "brand"]);
const KNOWN_ACTIONS: ReadonlySet<string> = new Set(EVENT_ACTIONS);

/**
 * authentik's `EventViewSet` list: `EventsFilter` (django-filter), the plain-text fallback of its
 * search, then DRF's OrderingFilter with the default `-created`. JSON lookups compare like Postgres'
 * jsonb: `context_model_pk` is matched without dashes (authentik stores UUIDs as hex) or as an integer.
 */
export function filterEvents(events: readonly SimulatorEvent[], params: URLSearchParams): EventFilterResult {
  const actions = params.getAll("actions").filter((value) => value !== "");
  const unknown = actions.find((value) => !KNOWN_ACTIONS.has(value));
  if (unknown !== undefined) {
    return { ok: false, errors: { actions: [`Select a valid choice. ${unknown} is not one of the available choices.`] } };
  }

  const action = filterParam(params, "action")?.toLowerCase();
  const clientIp = filterParam(params, "client_ip");
  const username = filterParam(params, "username");
  const brandName = filterParam(params, "brand_name");
  const modelApp = filterParam(params, "context_model_app");
  const modelName = filterParam(params, "context_model_name");
  const modelPk = filterParam(params, "context_model_pk");
  const authorizedApp = filterParam(params, "context_authorized_app");
  const device = filterParam(params, "context_device");
  const search = filterParam(params, "search")?.toLowerCase();

  const matched = events.filter((event) => {
    const model = objectAt(event.context, "model");
    return (
      (actions.length === 0 || actions.includes(event.action)) &&
      (action === undefined || event.action.toLowerCase().includes(action)) &&
      (clientIp === undefined || event.client_ip === clientIp) &&
      (username === undefined || event.user.username === username) &&
      (brandName === undefined || event.brand?.name === brandName) &&
      (modelApp === undefined || model?.app === modelApp) &&
      (modelName === undefined || model?.model_name === modelName) &&
      (modelPk === undefined || matchesPk(model?.pk, modelPk)) &&
      (authorizedApp === undefined || objectAt(event.context, "authorized_application")?.pk === authorizedApp) &&
      (device === undefined || objectAt(event.context, "device")?.pk === device) &&
      (search === undefined || searchText(event).includes(search))
    );
  });
  return { ok: true, events: orderEvents(matched, lastParam(params, "ordering")) };
}

/** `filter_context_model_pk`: the value without dashes, or the same value as an integer. */
function matchesPk(stored: unknown, wanted: string): boolean {
  const hex = wanted.replace(/-/g, "");
  if (stored === hex) return true;
  return typeof stored === "number" && /^\s*[+-]?\d+\s*$/.test(hex) && stored === Number.parseInt(hex, 10);
}

function orderEvents(events: SimulatorEvent[], ordering: string | undefined): SimulatorEvent[] {
  const fields = (ordering ?? "")
    .split(",")
    .map((term) => term.trim())
    .filter((term) => ORDERING_FIELDS.has(term.replace(/^-/, "")));
  const terms = fields.length > 0 ? fields : ["-created"];
  const keyed = events.map((event) => ({ event, keys: terms.map((term) => sortKey(event, term.replace(/^-/, ""))) }));
  keyed.sort((a, b) => {
    for (const [i, term] of terms.entries()) {
      const order = compare(a.keys[i], b.keys[i]);
      if (order !== 0) return term.startsWith("-") ? -order : order;
    }
    return compare(a.event.pk, b.event.pk);
  });
  return keyed.map(({ event }) => event);
}

function sortKey(event: SimulatorEvent, field: string): string | number {
  switch (field) {
    case "created":
      return micros(event.created);
    case "expires":
      return micros(event.expires ?? event.created);
    case "pk":
    case "action":
    case "app":
      return event[field];
    case "client_ip":
      return event.client_ip ?? "";
    default:
      return JSON.stringify(event[field as "user" | "context" | "brand"] ?? {});
  }
}

/** Microseconds since the epoch: ISO strings with different fraction lengths do not sort as text. */
export function micros(iso: string): number {
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? "";
  const withoutFraction = iso.replace(/\.\d+/, "");
  return Date.parse(withoutFraction) * 1000 + Number(fraction.padEnd(6, "0").slice(0, 6));
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b || a === undefined || b === undefined) return 0;
  return a < b ? -1 : 1;
}

function objectAt(source: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = source[key];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The search's plain-text fallback over the user, action, app, context and client address. */
function searchText(event: SimulatorEvent): string {
  return [JSON.stringify(event.user), event.action, event.app, JSON.stringify(event.context), event.client_ip ?? ""]
    .join("\n")
    .toLowerCase();
}
