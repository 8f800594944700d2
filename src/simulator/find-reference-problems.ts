import { resolveFeatures } from "./resolve-features.js";
import type { SimulatorState } from "./simulator-state.js";

/**
 * What a schema cannot say: references that point at nothing, keys used twice, what the state's
 * version does not allow, group cycles; one sentence per problem, naming the field.
 */
export function findReferenceProblems(state: SimulatorState): string[] {
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
