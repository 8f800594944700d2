import type { ApiEvent } from "../authentik/index.js";
import type { AuthentikEvent, EventObject, EventObjectKind } from "./types.js";

/** Normalises one event of the wire: its pk and timestamp made comparable, its object classified. */
export function toAuthentikEvent(event: ApiEvent): AuthentikEvent {
  const model = event.context?.model;
  const object: EventObject | null = model
    ? {
        kind: classifyModel(model.app, model.model_name),
        app: model.app,
        modelName: model.model_name,
        pk: normaliseEventPk(model.pk),
        name: model.name ?? null,
      }
    : null;
  return {
    pk: event.pk,
    action: event.action,
    at: event.created,
    atMicros: parseEventTime(event.created),
    username: event.user?.username ?? null,
    clientIp: event.client_ip ?? null,
    object,
  };
}

/** authentik stores a UUID pk as `UUID.hex`; a runbook or the API spells it with dashes. Both compare equal after this. */
export function normaliseEventPk(pk: string | number): string {
  return typeof pk === "number" ? String(pk) : pk.replace(/-/g, "").toLowerCase();
}

/** Microseconds since the epoch, NaN-free: an unparseable time sorts as the oldest. */
export function parseEventTime(iso: string): number {
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? "";
  const millis = Date.parse(iso.replace(/\.\d+/, ""));
  if (Number.isNaN(millis)) return 0;
  return millis * 1000 + Number(fraction.padEnd(6, "0").slice(0, 6));
}

/**
 * The objects that decide access: groups, users and applications (authentik_core), policy bindings,
 * policies (every `authentik_policies_*` app has its own policy model) and the tenant's settings.
 */
function classifyModel(app: string, modelName: string): EventObjectKind {
  if (app === "authentik_core" && (modelName === "group" || modelName === "user" || modelName === "application")) return modelName;
  if (app === "authentik_policies" && modelName === "policybinding") return "policybinding";
  if (app.startsWith("authentik_policies") && modelName.endsWith("policy")) return "policy";
  if (app === "authentik_tenants" && modelName === "tenant") return "tenant";
  return "other";
}

const MODEL_ACTIONS: ReadonlySet<string> = new Set(["model_created", "model_updated", "model_deleted"]);

/** A write to an object that decides who may sign in where: what should make the service audit again. */
export function isAccessRelevant(event: AuthentikEvent): boolean {
  return MODEL_ACTIONS.has(event.action) && event.object !== null && event.object.kind !== "other";
}
