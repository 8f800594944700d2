import { z } from "zod";
import { EVENT_ACTIONS } from "./event-actions.js";
import { parseVersion } from "./resolve-features.js";

/** The shape of a simulator state file; `validateSimulatorState` then checks what refers to what. */
// authentik stores uuids in Postgres, which always prints them in lower case.
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "expected a lowercase UUID");
const dateTime = z.iso.datetime({ offset: true });
const attributes = z.record(z.string(), z.unknown());

const permission = z.enum([
  "view_user",
  "view_group",
  "view_application",
  "view_user_applications",
  "view_policybinding",
  "view_system_settings",
  "view_event",
  "add_group",
  "change_group",
  "enable_group_superuser",
  "disable_group_superuser",
  "add_user_to_group",
  "remove_user_from_group",
  "add_policybinding",
  "change_policybinding",
  "delete_policybinding",
  "change_application",
  "view_expressionpolicy",
]);

// Strict objects, so a misspelt key ("member" for "members") is an error rather than silently ignored.
export const stateSchema = z.strictObject({
  version: z.string().refine((v) => parseVersion(v) !== null, 'expected an authentik version such as "2026.5.6"'),
  settings: z
    .strictObject({
      defaultPageSize: z.number().int().positive().optional(),
      maxPageSize: z.number().int().positive().optional(),
      flags: z
        .strictObject({
          core_default_app_access: z.boolean().optional(),
          enterprise_audit_include_expanded_diff: z.boolean().optional(),
          flows_continuous_login: z.boolean().optional(),
          flows_refresh_others: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
  tokens: z.array(
    z.strictObject({
      key: z.string().min(1),
      user: z.string(),
      permissions: z.array(permission).optional(),
      objectPermissions: z
        .strictObject({
          view_user: z.array(z.string()).optional(),
          view_group: z.array(uuid).optional(),
          view_application: z.array(z.string()).optional(),
          view_policybinding: z.array(uuid).optional(),
        })
        .optional(),
    }),
  ),
  users: z.array(
    z.strictObject({
      pk: z.number().int().positive(),
      username: z.string().min(1).max(150),
      name: z.string().optional(),
      email: z.string().optional(),
      is_active: z.boolean().optional(),
      type: z.enum(["internal", "external", "service_account", "internal_service_account"]).optional(),
      path: z.string().optional(),
      attributes: attributes.optional(),
      last_login: dateTime.nullable().optional(),
      date_joined: dateTime.optional(),
      uuid: uuid.optional(),
    }),
  ),
  groups: z.array(
    z.strictObject({
      pk: uuid,
      name: z.string().min(1),
      is_superuser: z.boolean().optional(),
      parents: z.array(uuid).optional(),
      members: z.array(z.string()).optional(),
      attributes: attributes.optional(),
    }),
  ),
  applications: z.array(
    z.strictObject({
      pk: uuid,
      slug: z.string().regex(/^[-a-zA-Z0-9_]+$/, "expected a slug (letters, digits, '-' and '_')"),
      name: z.string().min(1),
      policy_engine_mode: z.enum(["any", "all"]).optional(),
      meta_launch_url: z.string().optional(),
      meta_description: z.string().optional(),
      meta_publisher: z.string().optional(),
      group: z.string().optional(),
      open_in_new_tab: z.boolean().optional(),
      meta_hide: z.boolean().optional(),
    }),
  ),
  policies: z
    .array(
      z.strictObject({
        pk: uuid,
        name: z.string().min(1),
        result: z.boolean(),
        results: z.record(z.string(), z.boolean()).optional(),
        expression: z.string().min(1).optional(),
      }),
    )
    .optional(),
  bindings: z.array(
    z.strictObject({
      pk: uuid,
      target: uuid,
      group: uuid.optional(),
      user: z.string().optional(),
      policy: uuid.optional(),
      enabled: z.boolean().optional(),
      negate: z.boolean().optional(),
      order: z.number().int().optional(),
      timeout: z.number().int().nonnegative().optional(),
      failure_result: z.boolean().optional(),
      expires: dateTime.nullable().optional(),
    }),
  ),
  events: z
    .array(
      z.strictObject({
        pk: uuid,
        action: z.enum(EVENT_ACTIONS),
        app: z.string().min(1),
        user: z.record(z.string(), z.unknown()),
        context: z.record(z.string(), z.unknown()),
        client_ip: z.string().nullable(),
        created: dateTime,
        expires: dateTime.optional(),
        brand: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
});
