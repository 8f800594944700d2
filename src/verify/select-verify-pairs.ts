import { createAccessEvaluator } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import type { Snapshot, SnapshotApplication, SnapshotUser } from "../snapshot/index.js";
import type { SampleReason, VerifyPair } from "./types.js";

export interface SampleOptions {
  /** Pairs wanted in all: every required pair, then random pairs until there are this many. */
  sample: number;
  /** Floats in [0, 1): the seeded generator. */
  random: () => number;
  /** Only this application (slug). */
  app?: string | undefined;
  /** Only this user (exact username). */
  user?: string | undefined;
  /**
   * A hard cap, for the service's small per-audit sample: the required pairs are shuffled and cut, so
   * successive audits cover them all in turn.
   */
  limit?: number | undefined;
}

/**
 * The (user, application) pairs worth asking authentik about: every rule the model emulates where it
 * could go wrong, then random pairs. Always included: every superuser on every app with bindings (no
 * exemption), every member of a group with a parent on every app bound to an ancestor (inheritance),
 * every user a negated, disabled, expiring or user binding concerns (and one outsider of a negated
 * one), and every pair the model calls indeterminate (a policy decides). Pure.
 */
export function selectVerifyPairs(snapshot: Snapshot, options: SampleOptions): VerifyPair[] {
  const model = createBindingModel(snapshot);
  const users = snapshot.users.filter((user) => options.user === undefined || user.username === options.user);
  const apps = snapshot.applications.filter((app) => options.app === undefined || app.slug === options.app);
  const userSet = new Set(users.map((user) => user.pk));
  const usersByPk = new Map(users.map((user) => [user.pk, user]));
  const chosen = new Map<string, VerifyPair>();

  function add(userPk: number, app: SnapshotApplication, reason: SampleReason): void {
    const user = usersByPk.get(userPk);
    if (!user) return;
    const key = `${userPk}\u0000${app.pk}`;
    const existing = chosen.get(key);
    if (existing) {
      if (!existing.reasons.includes(reason)) existing.reasons = [...existing.reasons, reason].sort();
      return;
    }
    chosen.set(key, { userPk, username: user.username, isActive: user.isActive, slug: app.slug, appPk: app.pk, reasons: [reason] });
  }

  // Superusers: authentik applies bindings to them like to anyone (SEMANTICS.md section 1).
  const superusers = new Set(users.filter((user) => user.isSuperuser).map((user) => user.pk));
  for (const group of snapshot.groups.filter((candidate) => candidate.isSuperuser)) {
    for (const pk of model.effectiveMembers(group.pk)) if (userSet.has(pk)) superusers.add(pk);
  }
  for (const app of apps) {
    if (model.bindingsInForce(app.pk).length === 0) continue;
    for (const pk of superusers) add(pk, app, "superuser");
  }

  // Inheritance: members of a child group pass a binding to any ancestor.
  for (const group of snapshot.groups.filter((candidate) => candidate.parents.length > 0)) {
    const ancestors = new Set(
      snapshot.groups.filter((other) => other.pk !== group.pk && model.descendantGroups(other.pk).has(group.pk)).map((other) => other.pk),
    );
    for (const app of apps) {
      const inherited = model.bindingsInForce(app.pk).some((binding) => binding.kind === "group" && ancestors.has(binding.group ?? ""));
      if (!inherited) continue;
      for (const pk of model.effectiveMembers(group.pk)) add(pk, app, "nested-group");
    }
  }

  // Bindings whose handling differs from a plain group binding, including the ones that should not count.
  for (const app of apps) {
    for (const binding of snapshot.bindings.filter((candidate) => candidate.target === app.pk)) {
      const reasons: SampleReason[] = [];
      if (binding.negate) reasons.push("negated-binding");
      if (!binding.enabled) reasons.push("disabled-binding");
      if (binding.expires !== undefined && binding.expires !== null) reasons.push("expiring-binding");
      if (binding.kind === "user") reasons.push("user-binding");
      if (reasons.length === 0) continue;
      const concerned =
        binding.kind === "group"
          ? [...model.effectiveMembers(binding.group ?? "")]
          : binding.kind === "user" && binding.user !== null
            ? [binding.user]
            : [];
      // A negated binding admits whoever is outside it: one such user shows the flip from the other side.
      const outsider = binding.negate && binding.kind !== "policy" ? firstOutside(users, new Set(concerned)) : undefined;
      for (const reason of reasons) {
        for (const pk of concerned) add(pk, app, reason);
        if (outsider !== undefined) add(outsider, app, reason);
      }
    }
  }

  // Where a policy decides, the model cannot; authentik can.
  for (const app of apps) {
    for (const pk of model.application(app.pk).indeterminate) add(pk, app, "indeterminate");
  }

  let required = [...chosen.values()];
  if (options.limit !== undefined) required = shuffle(required, options.random).slice(0, options.limit);
  const target = Math.min(options.limit ?? Number.POSITIVE_INFINITY, Math.max(options.sample, required.length));
  const taken = new Set(required.map((pair) => `${pair.userPk}\u0000${pair.appPk}`));
  const random: VerifyPair[] = [];
  const space = users.length * apps.length;
  // Rejection sampling, bounded: a space smaller than the sample simply ends up fully covered.
  for (let attempt = 0; required.length + random.length < target && taken.size < space && attempt < target * 50; attempt++) {
    const user = users[Math.floor(options.random() * users.length)];
    const app = apps[Math.floor(options.random() * apps.length)];
    if (!user || !app) break;
    const key = `${user.pk}\u0000${app.pk}`;
    if (taken.has(key)) continue;
    taken.add(key);
    random.push({ userPk: user.pk, username: user.username, isActive: user.isActive, slug: app.slug, appPk: app.pk, reasons: ["random"] });
  }
  return [...required, ...random].sort((a, b) => compareText(a.username, b.username) || compareText(a.slug, b.slug));
}

/**
 * The model's binding verdict for everyone: `check_access` runs the policy engine only and does not
 * look at `is_active` (SEMANTICS.md section 4), so inactive users are judged as if active here.
 */
export function createBindingModel(snapshot: Snapshot): AccessEvaluator {
  const everyoneActive = { ...snapshot, users: snapshot.users.map((user) => ({ ...user, isActive: true })) };
  return createAccessEvaluator(everyoneActive, { authentikVersion: snapshot.source.authentikVersion });
}

function firstOutside(users: readonly SnapshotUser[], inside: ReadonlySet<number>): number | undefined {
  return [...users].sort((a, b) => compareText(a.username, b.username)).find((user) => !inside.has(user.pk))?.pk;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
