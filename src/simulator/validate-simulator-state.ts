import { z } from "zod";
import { EVENT_ACTIONS } from "./event-actions.js";
import { parseVersion, resolveFeatures } from "./resolve-features.js";
import { SimulatorStateError } from "./simulator-state-error.js";
import type { SimulatorState } from "./simulator-state.js";

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
const stateSchema = z.strictObject({
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

/**
 * Checks that `input` is a servable state: the right shape (every problem, with its path) and
 * then consistent references and constraints authentik itself enforces (unique names, at most one
 * parent before 2025.12, no group cycles, exactly one binding subject). Throws
 * `SimulatorStateError` naming `source` and each offending field.
 */
export function validateSimulatorState(input: unknown, source = "<state>"): SimulatorState {
  const parsed = stateSchema.safeParse(input);
  if (!parsed.success) {
    throw new SimulatorStateError(source, parsed.error.issues.map(formatIssue));
  }
  const state: SimulatorState = parsed.data;
  const problems = findReferenceProblems(state);
  if (problems.length > 0) throw new SimulatorStateError(source, problems);
  return state;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

function findReferenceProblems(state: SimulatorState): string[] {
  const problems: string[] = [];
  const features = resolveFeatures(state.version);

  const userIndex = indexUnique(state.users, (u) => u.username, "users", "username", problems);
  indexUnique(state.users, (u) => String(u.pk), "users", "pk", problems);
  const groupIndex = indexUnique(state.groups, (g) => g.pk, "groups", "pk", problems);
  const appIndex = indexUnique(state.applications, (a) => a.pk, "applications", "pk", problems);
  indexUnique(state.applications, (a) => a.slug, "applications", "slug", problems);
  const policyIndex = indexUnique(state.policies ?? [], (p) => p.pk, "policies", "pk", problems);
  indexUnique(state.bindings, (b) => b.pk, "bindings", "pk", problems);
  indexUnique(state.tokens, (t) => t.key, "tokens", "key", problems);

  // Before 2025.12 the database only kept (name, parent) unique.
  indexUnique(state.groups, (g) => (features.groupParents ? g.name : `${g.name}\u0000${g.parents?.[0] ?? ""}`), "groups", "name", problems);

  state.groups.forEach((group, i) => {
    const parents = group.parents ?? [];
    if (!features.groupParents && parents.length > 1) {
      problems.push(
        `groups[${i}].parents: authentik ${state.version} allows one parent per group (many parents need 2025.12 or later), got ${parents.length}`,
      );
    }
    parents.forEach((parent, j) => {
      if (parent === group.pk) problems.push(`groups[${i}].parents[${j}]: a group cannot be its own parent`);
      else if (!groupIndex.has(parent)) problems.push(`groups[${i}].parents[${j}]: unknown group "${parent}" (no group has this pk)`);
    });
    const seen = new Set<string>();
    (group.members ?? []).forEach((member, j) => {
      if (!userIndex.has(member)) problems.push(`groups[${i}].members[${j}]: unknown user "${member}" (no user has this username)`);
      if (seen.has(member)) problems.push(`groups[${i}].members[${j}]: "${member}" is listed twice`);
      seen.add(member);
    });
  });
  problems.push(...findParentCycles(state));

  const slugs = new Set(state.applications.map((app) => app.slug));
  const bindingPks = new Set(state.bindings.map((binding) => binding.pk));
  state.tokens.forEach((token, i) => {
    if (!userIndex.has(token.user)) problems.push(`tokens[${i}].user: unknown user "${token.user}" (no user has this username)`);
    const granted = token.objectPermissions ?? {};
    const references: [keyof typeof granted, (value: string) => boolean, string][] = [
      ["view_user", (value) => userIndex.has(value), "user (no user has this username)"],
      ["view_group", (value) => groupIndex.has(value), "group (no group has this pk)"],
      ["view_application", (value) => slugs.has(value), "application (no application has this slug)"],
      ["view_policybinding", (value) => bindingPks.has(value), "binding (no binding has this pk)"],
    ];
    for (const [permission, exists, what] of references) {
      (granted[permission] ?? []).forEach((value, j) => {
        if (!exists(value))
          problems.push(`tokens[${i}].objectPermissions.${permission}[${j}]: unknown ${what.replace(" (", ` "${value}" (`)}`);
      });
    }
  });

  state.bindings.forEach((binding, i) => {
    if (!appIndex.has(binding.target))
      problems.push(`bindings[${i}].target: unknown application "${binding.target}" (no application has this pk)`);
    const subjects = [binding.group, binding.user, binding.policy].filter((s) => s !== undefined);
    if (subjects.length !== 1) {
      problems.push(`bindings[${i}]: set exactly one of "group", "user" and "policy" (got ${subjects.length})`);
    }
    if (binding.group !== undefined && !groupIndex.has(binding.group)) {
      problems.push(`bindings[${i}].group: unknown group "${binding.group}" (no group has this pk)`);
    }
    if (binding.user !== undefined && !userIndex.has(binding.user)) {
      problems.push(`bindings[${i}].user: unknown user "${binding.user}" (no user has this username)`);
    }
    if (binding.policy !== undefined && !policyIndex.has(binding.policy)) {
      problems.push(`bindings[${i}].policy: unknown policy "${binding.policy}" (no policy has this pk)`);
    }
    if (binding.expires != null && !features.expiringBindings) {
      problems.push(`bindings[${i}].expires: expiring bindings need authentik 2026.8 or later, the state says ${state.version}`);
    }
  });

  (state.policies ?? []).forEach((policy, i) => {
    for (const username of Object.keys(policy.results ?? {})) {
      if (!userIndex.has(username)) problems.push(`policies[${i}].results: unknown user "${username}" (no user has this username)`);
    }
  });
  // Events are a log, not references: they may name users and objects that no longer exist.
  indexUnique(state.events ?? [], (e) => e.pk, "events", "pk", problems);

  return problems;
}

/** Map of key → first index; reports every later duplicate. */
function indexUnique<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  list: string,
  field: string,
  problems: string[],
): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const first = index.get(key);
    if (first === undefined) index.set(key, i);
    else problems.push(`${list}[${i}].${field}: duplicate ${field} "${key.split("\u0000")[0]}" (also ${list}[${first}])`);
  });
  return index;
}

/** authentik keeps the group graph acyclic; a cycle would make every ancestor walk endless. */
function findParentCycles(state: SimulatorState): string[] {
  const parentsOf = new Map(state.groups.map((g) => [g.pk, g.parents ?? []]));
  const position = new Map(state.groups.map((g, i) => [g.pk, i]));
  const done = new Set<string>();
  const onPath = new Set<string>();
  const problems: string[] = [];

  function visit(pk: string, trail: string[]): void {
    if (done.has(pk)) return;
    if (onPath.has(pk)) {
      const cycle = [...trail.slice(trail.indexOf(pk)), pk];
      problems.push(`groups[${position.get(pk) ?? "?"}].parents: cycle in the group hierarchy: ${cycle.join(" -> ")}`);
      return;
    }
    onPath.add(pk);
    for (const parent of parentsOf.get(pk) ?? []) {
      if (parentsOf.has(parent) && parent !== pk) visit(parent, [...trail, pk]);
    }
    onPath.delete(pk);
    done.add(pk);
  }

  for (const group of state.groups) visit(group.pk, []);
  return problems;
}
