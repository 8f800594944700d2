import type { GenericError } from "@goauthentik/api";
import type { IncomingMessage } from "node:http";
import type { Context, Handler } from "hono";
import type { StateIndex } from "./create-state-index.js";
import type { SimulatorObjectPermissions, SimulatorPermission, SimulatorToken, SimulatorUser } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/** The authenticated caller: a token's owner, its effective superuser status and its permissions. */
export interface Caller {
  user: SimulatorUser;
  superuser: boolean;
  permissions: ReadonlySet<SimulatorPermission>;
  /** Objects it may view one by one, by permission (usernames, group pks, slugs, binding pks). */
  objects: Readonly<Record<keyof SimulatorObjectPermissions, ReadonlySet<string>>>;
  token: SimulatorToken;
}

export type ObjectPermission = keyof SimulatorObjectPermissions;

/** What authentik's event log keeps of the request that caused an event (`Event.from_http`). */
export interface RequestFacts {
  method: string;
  path: string;
  /** The query as Django's `QueryDict` items: the last value of each key. */
  args: Record<string, string>;
  userAgent: string;
  /** authentik's `ClientIPMiddleware`: the first `X-Forwarded-For` address, else the peer, else 255.255.255.255. */
  clientIp: string;
}

/** Everything a handler needs for one request. `caller` is null for a request without credentials. */
export interface RouteContext {
  index: StateIndex;
  caller: Caller | null;
  params: URLSearchParams;
  now: Date;
  request: RequestFacts;
  /** A strictly increasing event timestamp (ISO, microseconds), never before `now`. */
  eventTime(): string;
  /** A verdict `check_access` was told to give for this user and app instead of the engine's, if any. */
  accessOverride(username: string, slug: string): boolean | undefined;
}

/** node-server passes the raw request, which a `drop` fault needs to destroy the socket. */
export interface SimulatorEnv {
  Bindings: { incoming?: IncomingMessage };
}

/**
 * Who may call a route: "object" routes (detail views) let anonymous callers through to the
 * lookup, which then finds nothing (authentik's ObjectPermissions); "authenticated" routes need a
 * valid token; a permission name additionally needs that global permission.
 */
export type RouteAccess = "object" | "authenticated" | SimulatorPermission;
export type RouteHandler = (ctx: RouteContext, c: Context<SimulatorEnv>) => Response | Promise<Response>;
export type Route = (access: RouteAccess, handler: RouteHandler) => Handler<SimulatorEnv>;

export type Authentication = { ok: true; caller: Caller | null } | { ok: false };

/**
 * authentik's `TokenAuthentication`: a header that is empty or has no space is "no credentials"
 * (the request continues anonymously); a non-Bearer scheme likewise; a Bearer key that matches no
 * token, or whose owner is inactive, fails authentication outright.
 */
export function authenticate(header: string | undefined, index: StateIndex): Authentication {
  if (header === undefined || header === "" || !header.includes(" ")) return { ok: true, caller: null };
  const space = header.indexOf(" ");
  if (header.slice(0, space).toLowerCase() !== "bearer") return { ok: true, caller: null };
  const token = index.tokensByKey.get(header.slice(space + 1));
  const user = token ? index.usersByUsername.get(token.user) : undefined;
  if (!token || !user || user.is_active === false) return { ok: false };
  const granted = token.objectPermissions ?? {};
  return {
    ok: true,
    caller: {
      user,
      superuser: index.isSuperuser(user.username),
      permissions: new Set(token.permissions ?? []),
      objects: {
        view_user: new Set(granted.view_user ?? []),
        view_group: new Set(granted.view_group ?? []),
        view_application: new Set(granted.view_application ?? []),
        view_policybinding: new Set(granted.view_policybinding ?? []),
      },
      token,
    },
  };
}

/** Superusers hold every permission; everyone else only what their token lists. */
export function can(caller: Caller | null, permission: SimulatorPermission): boolean {
  if (!caller) return false;
  return caller.superuser || caller.permissions.has(permission);
}

/** The global permission, or the object permission on this one object. */
export function canView(caller: Caller | null, permission: ObjectPermission, key: string): boolean {
  return can(caller, permission) || (caller?.objects[permission].has(key) ?? false);
}

/**
 * authentik's `ObjectFilter` on a list (`authentik/rbac/filters.py`): the global permission shows
 * every object; without it only the objects the caller holds object permissions on, answered with
 * 200 and a count of just those; with none of those, 403 (null here). SEMANTICS.md section 5.
 */
export function visibleObjects<T>(
  caller: Caller | null,
  permission: ObjectPermission,
  items: readonly T[],
  keyOf: (item: T) => string,
): readonly T[] | null {
  if (can(caller, permission)) return items;
  const granted = caller?.objects[permission];
  if (!granted || granted.size === 0) return null;
  const visible = items.filter((item) => granted.has(keyOf(item)));
  return visible.length > 0 ? visible : null;
}

/**
 * The objects a caller may see, in the list's order: the index's ordered list itself when the caller sees
 * everything (no copy), else that list narrowed to the visible objects.
 */
export function visibleInOrder<T>(visible: readonly T[], all: readonly T[], ordered: readonly T[]): readonly T[] {
  if (visible === all) return ordered;
  const shown = new Set(visible);
  return ordered.filter((item) => shown.has(item));
}

// DRF's wording, which authentik does not override (SEMANTICS.md section 5).
export const notAuthenticated = { detail: "Authentication credentials were not provided." } satisfies Wire<GenericError>;
export const tokenInvalid = { detail: "Token invalid/expired" } satisfies Wire<GenericError>;
export const permissionDenied = { detail: "You do not have permission to perform this action." } satisfies Wire<GenericError>;
export const invalidPage = { detail: "Invalid page." } satisfies Wire<GenericError>;
export const notFound = { detail: "Not found." } satisfies Wire<GenericError>;

/** `get_object_or_404`'s message: "No Group matches the given query." */
export function noMatch(model: string): Wire<GenericError> {
  return { detail: `No ${model} matches the given query.` } satisfies Wire<GenericError>;
}

/** `application/json` exactly as DRF sends it; `null` body with 204. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  if (status === 204) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A path parameter of the matched route ("" if absent, which no lookup matches). */
export function pathParam(c: Context, name: string): string {
  return c.req.param(name) ?? "";
}
