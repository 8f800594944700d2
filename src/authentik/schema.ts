/**
 * Wire shapes of the authentik API (snake_case, as sent), parsed at the boundary. Each keeps only the
 * fields the auditor uses and ignores the rest, so newer authentik versions that add fields keep
 * working; a missing or mistyped field we rely on is an error naming the endpoint and the field.
 * Field facts: SEMANTICS.md section 4 and authentik's schema.yml.
 */
import { z } from "zod";

// Bounds on what one field may hold. authentik limits usernames to 150 characters (Django's
// AbstractUser); names and slugs have no limit in its schema, so theirs are generous ceilings that no
// real tenant reaches but that stop a hostile or broken server from filling memory and terminals.
const NAME_MAX = 4096;
const SLUG_MAX = 256;
const ID_MAX = 64;
const pk = z.string().max(ID_MAX);
const name = z.string().max(NAME_MAX);
const username = z.string().max(150);

export const ApiPagination = z.object({
  next: z.number(),
  previous: z.number(),
  count: z.number().int().nonnegative(),
  current: z.number(),
  total_pages: z.number().int().nonnegative(),
});
export type ApiPagination = z.infer<typeof ApiPagination>;

export function apiPage<T extends z.ZodType>(item: T) {
  return z.object({ pagination: ApiPagination, results: z.array(item) });
}

export const ApiVersion = z.object({ version_current: z.string().max(ID_MAX) });
export type ApiVersion = z.infer<typeof ApiVersion>;

export const ApiSessionUser = z.object({
  user: z.object({
    pk: z.number().int(),
    username,
    is_superuser: z.boolean(),
    // The roles the user holds (global permissions come through them); absent on old versions.
    roles: z.array(z.object({ pk, name })).optional(),
  }),
});
export type ApiSessionUser = z.infer<typeof ApiSessionUser>;

export const ApiSettings = z.object({
  // `core_default_app_access` exists from 2026.5; a tenant that never saved it gets the default (true).
  flags: z.object({ core_default_app_access: z.boolean().optional() }).partial().nullish(),
});
export type ApiSettings = z.infer<typeof ApiSettings>;

export const ApiUser = z.object({
  pk: z.number().int(),
  username,
  name,
  is_active: z.boolean(),
  is_superuser: z.boolean(),
  type: z.string().max(ID_MAX).optional(),
});
export type ApiUser = z.infer<typeof ApiUser>;

export const ApiGroup = z.object({
  pk,
  name,
  is_superuser: z.boolean(),
  // authentik <= 2025.10 sends one `parent`; >= 2025.12 sends `parents` (a DAG).
  parent: pk.nullish(),
  parents: z.array(pk).optional(),
  // Direct member pks; still sent with include_users=false (only users_obj is dropped).
  users: z.array(z.number().int()),
});
export type ApiGroup = z.infer<typeof ApiGroup>;

export const ApiApplication = z.object({
  pk,
  slug: z.string().max(SLUG_MAX),
  name,
  policy_engine_mode: z.enum(["any", "all"]).optional(),
});
export type ApiApplication = z.infer<typeof ApiApplication>;

export const ApiPolicyBinding = z.object({
  pk,
  target: pk,
  group: pk.nullish(),
  user: z.number().int().nullish(),
  policy: pk.nullish(),
  policy_obj: z.object({ name }).nullish(),
  enabled: z.boolean(),
  negate: z.boolean(),
  order: z.number().int(),
  // authentik >= 2026.8 only.
  expires: z.string().max(ID_MAX).nullish(),
});
export type ApiPolicyBinding = z.infer<typeof ApiPolicyBinding>;

/** A global permission, as `GET /rbac/permissions/` lists it. */
export const ApiPermission = z.object({ codename: z.string().max(NAME_MAX), app_label: z.string().max(NAME_MAX) });
export type ApiPermission = z.infer<typeof ApiPermission>;

/** `{"detail": "..."}`, authentik's (DRF's) error body. */
export const ApiErrorBody = z.object({ detail: z.string() });

/**
 * A 400 body from a DRF serializer: `{"field": ["message", ...], "non_field_errors": [...]}`. A few
 * views answer one string per field instead of a list (`{"for_user": "User not found"}`).
 */
export const ApiValidationErrorBody = z.record(z.string(), z.union([z.array(z.string()), z.string()]));

/** An expression policy (`/policies/expression/`): only what a rename needs to find the name in it. */
export const ApiExpressionPolicy = z.object({ pk: z.string(), name: z.string(), expression: z.string() });
export type ApiExpressionPolicy = z.infer<typeof ApiExpressionPolicy>;

/**
 * `context.model` of a model event: authentik's `model_to_dict` (SEMANTICS.md section 4). A UUID pk is
 * stored as 32 hex digits without dashes, a user's pk as a number. Anything else in `context` is ignored.
 */
export const ApiEventModel = z.object({
  app: z.string(),
  model_name: z.string(),
  pk: z.union([z.string(), z.number()]),
  name: z.string().nullish(),
});
export type ApiEventModel = z.infer<typeof ApiEventModel>;

/**
 * One entry of `GET /events/events/`. Every kind of event arrives (logins, flow runs, ...), so only the
 * fields every event has are required, and a `context.model` of another shape counts as none.
 */
export const ApiEvent = z.object({
  pk: z.string(),
  action: z.string(),
  created: z.string(),
  user: z.object({ username: z.string().optional() }).nullish().catch(null),
  client_ip: z.string().nullish(),
  context: z
    .object({ model: ApiEventModel.optional().catch(undefined) })
    .nullish()
    .catch(null),
});
export type ApiEvent = z.infer<typeof ApiEvent>;

/** `GET /core/applications/{slug}/check_access/`: the policy engine's answer (`messages` only for superusers). */
export const ApiPolicyTestResult = z.object({
  passing: z.boolean(),
  messages: z.array(z.string()).optional(),
});
export type ApiPolicyTestResult = z.infer<typeof ApiPolicyTestResult>;
