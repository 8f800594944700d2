import { randomUUID } from "node:crypto";
import type { RouteContext } from "./route-context.js";
import type {
  SimulatorApplication,
  SimulatorBinding,
  SimulatorEvent,
  SimulatorGroup,
  SimulatorPolicy,
  SimulatorUser,
} from "./simulator-state.js";

/** `context.model` of an event: authentik's `model_to_dict`, sanitised (a UUID pk becomes 32 hex digits). */
export interface EventModel {
  app: string;
  model_name: string;
  pk: string | number;
  name: string;
}

export type ModelAction = "model_created" | "model_updated" | "model_deleted";

// authentik keeps events for the tenant's `event_retention`, 365 days by default.
const RETENTION_MS = 365 * 86_400_000;
const DEFAULT_BRAND = { app: "authentik_brands", model_name: "brand", pk: "5a0f1ce1b3a84b9c9d6a0e4b7f2c8d10", name: "Default brand" };

/**
 * What authentik's `AuditMiddleware` logs for one write during a request: `post_save` gives
 * `model_created`/`model_updated`, `pre_delete` gives `model_deleted`, and `m2m_changed` (`pre_add`,
 * `pre_remove`, `post_clear`) on a User or Group gives `model_updated` on that instance, without
 * saying which member changed. The event is appended to the state's log.
 */
export function recordModelEvent(ctx: RouteContext, action: ModelAction, model: EventModel): SimulatorEvent {
  const event = createModelEvent({
    action,
    model,
    user: ctx.caller?.user ?? null,
    clientIp: ctx.request.clientIp,
    created: ctx.eventTime(),
    request: { args: ctx.request.args, path: ctx.request.path, method: ctx.request.method, userAgent: ctx.request.userAgent },
  });
  ctx.index.state.events ??= [];
  ctx.index.state.events.push(event);
  return event;
}

export interface ModelEventInput {
  action: ModelAction;
  model: EventModel;
  /** The acting user; null for none. */
  user: Pick<SimulatorUser, "pk" | "username" | "email"> | null;
  clientIp: string;
  /** ISO date-time. */
  created: string;
  request?: { args: Record<string, string>; path: string; method: string; userAgent: string };
}

/** One model event as authentik's middleware stores it: for recorded writes, and to seed a past change. */
export function createModelEvent(input: ModelEventInput): SimulatorEvent {
  const request = input.request ?? { args: {}, path: "/api/v3/", method: "GET", userAgent: "" };
  return {
    pk: randomUUID(),
    action: input.action,
    app: "authentik.events.middleware",
    user: input.user ? { username: input.user.username, pk: input.user.pk, email: input.user.email ?? "" } : {},
    context: {
      model: input.model,
      http_request: {
        args: request.args,
        path: request.path,
        method: request.method,
        request_id: randomUUID().replace(/-/g, ""),
        user_agent: request.userAgent,
      },
    },
    client_ip: input.clientIp,
    created: input.created,
    expires: new Date(Date.parse(input.created) + RETENTION_MS).toISOString(),
    brand: DEFAULT_BRAND,
  };
}

export function groupModel(group: SimulatorGroup): EventModel {
  return { app: "authentik_core", model_name: "group", pk: uuidHex(group.pk), name: group.name };
}

export function userModel(user: SimulatorUser): EventModel {
  // A user's `name` field is its display name, which model_to_dict prefers over str(user).
  return { app: "authentik_core", model_name: "user", pk: user.pk, name: user.name ?? "" };
}

export function applicationModel(app: SimulatorApplication): EventModel {
  return { app: "authentik_core", model_name: "application", pk: uuidHex(app.pk), name: app.name };
}

/**
 * A binding has no `name`, so its `str()` is used: `PolicyBinding.__str__`, "Binding from <target> #<order>
 * to <Group|User|Policy> <name>", where the target is the application's name and a user's name is its
 * display name.
 */
export function bindingModel(
  binding: SimulatorBinding,
  lookup: {
    application?: SimulatorApplication | undefined;
    group?: SimulatorGroup | undefined;
    user?: SimulatorUser | undefined;
    policy?: SimulatorPolicy | undefined;
  },
): EventModel {
  const suffix = lookup.group
    ? `Group ${lookup.group.name}`
    : lookup.user
      ? `User ${lookup.user.name ?? ""}`
      : lookup.policy
        ? `Policy ${lookup.policy.name}`
        : "Invalid invalid";
  const order = binding.order ?? 0;
  const name = lookup.application ? `Binding from ${lookup.application.name} #${order} to ${suffix}` : `Binding - #${order} to ${suffix}`;
  return { app: "authentik_policies", model_name: "policybinding", pk: uuidHex(binding.pk), name };
}

function uuidHex(uuid: string): string {
  return uuid.replace(/-/g, "").toLowerCase();
}
