import { isBindingInForce } from "../access/index.js";
import type { SnapshotApplication, SnapshotBinding } from "../snapshot/index.js";
import { plannedGroupPk } from "./apply-change-to-state.js";
import type { PlanContext } from "./plan-context.js";
import type { ApplicationRef, BindingSubject, Change } from "./types.js";

/**
 * Bindings of the documented applications, app by app: every desired binding is matched to a live one
 * with the same subject (pinned pk first, then one already in the desired state); a match that differs
 * is patched (enabled, negate), a desired binding without a match is created, and every live binding of
 * a kind the tables list that no desired binding matched is deleted. Applications the tables do not list
 * are left alone, and so are their bindings.
 */
export function planBindingChanges(context: PlanContext): Change[] {
  const changes: Change[] = [];
  const liveAppsByPk = new Map(context.live.applications.map((app) => [app.pk, app]));
  const managed = new Set(context.capabilities.bindingKinds);

  for (const desiredApp of context.desired.applications) {
    const liveApp = liveAppsByPk.get(desiredApp.pk);
    const wanted = context.desired.bindings.filter((binding) => binding.target === desiredApp.pk && managed.has(binding.kind));
    if (!liveApp) {
      context.notes.push({
        level: "warning",
        message: `${desiredApp.name} (${desiredApp.slug}) is not in authentik, and the planner never creates applications${wanted.length > 0 ? ": its bindings cannot be made" : ""}`,
      });
      continue;
    }
    const application: ApplicationRef = { slug: liveApp.slug, name: liveApp.name, pk: liveApp.pk };
    const liveBindings = context.live.bindings.filter((binding) => binding.target === liveApp.pk);
    for (const binding of liveBindings.filter((candidate) => !managed.has(candidate.kind))) {
      context.unmanaged.push({
        kind: "binding",
        name: `${liveApp.slug} ← ${describeLiveSubject(context, binding)}`,
        reason: `a ${binding.kind} binding (${binding.pk}); the tables cannot list ${binding.kind} bindings`,
      });
    }
    const consumed = new Set<SnapshotBinding>();

    for (const binding of wanted) {
      const subject = toSubject(context, binding);
      if (!subject.ok) {
        context.notes.push({ level: "warning", message: `${liveApp.name}'s binding to ${subject.name} cannot be made: ${subject.reason}` });
        continue;
      }
      const key = subjectKey(subject.value);
      const candidates = liveBindings.filter(
        (candidate) =>
          managed.has(candidate.kind) &&
          !consumed.has(candidate) &&
          liveSubjectKey(candidate) === key &&
          sameExpiry(context, candidate, binding),
      );
      const pinned = isPinnedPk(binding.pk) ? binding.pk.toLowerCase() : null;
      const chosen =
        candidates.find((candidate) => candidate.pk.toLowerCase() === pinned) ??
        candidates.find((candidate) => candidate.enabled === binding.enabled && candidate.negate === binding.negate) ??
        candidates[0];
      if (!chosen && expiryOf(binding) !== null && context.capabilities.expiry) {
        // `expires` is read-only in authentik's API: a binding that should expire cannot be created.
        context.notes.push({
          level: "warning",
          message: `${liveApp.name}'s binding to ${describeSubject(subject.value)} should expire at ${binding.expires}, and authentik's API cannot create an expiring binding`,
        });
        continue;
      }
      if (!chosen) {
        changes.push({
          kind: "create-binding",
          application,
          subject: subject.value,
          order: binding.order,
          enabled: binding.enabled,
          negate: binding.negate,
          replacesPk: pinned,
        });
        continue;
      }
      consumed.add(chosen);
      if (pinned !== null && chosen.pk.toLowerCase() !== pinned) {
        context.notes.push({
          level: "info",
          message: `${liveApp.name}'s binding to ${describeSubject(subject.value)} has pk ${chosen.pk}, not ${binding.pk} as the runbook records (--update-runbook writes the new pk)`,
        });
      }
      const set: { enabled?: boolean; negate?: boolean } = {};
      if (chosen.enabled !== binding.enabled) set.enabled = binding.enabled;
      if (chosen.negate !== binding.negate) set.negate = binding.negate;
      if (Object.keys(set).length > 0) {
        changes.push({
          kind: "update-binding",
          application,
          bindingPk: chosen.pk,
          subject: subject.value,
          set,
          was: { enabled: chosen.enabled, negate: chosen.negate },
        });
      }
    }

    for (const binding of liveBindings) {
      if (!managed.has(binding.kind) || consumed.has(binding)) continue;
      changes.push({
        kind: "delete-binding",
        application,
        bindingPk: binding.pk,
        subject: liveSubject(context, binding),
        enabled: binding.enabled,
        negate: binding.negate,
        expired: binding.enabled && !isBindingInForce(binding, context.live.takenAt),
      });
    }
  }

  const documented = new Set(context.desired.applications.map((app) => app.slug));
  for (const app of context.live.applications) {
    if (!documented.has(app.slug))
      context.unmanaged.push({ kind: "application", name: app.slug, reason: unmanagedAppReason(context, app) });
  }
  return changes;
}

/**
 * expectedState gives a binding the runbook pins its real pk and every other one a `baseline:` placeholder,
 * so only a real pk can be looked for (and reported as re-created when it is gone).
 */
function isPinnedPk(pk: string): boolean {
  return !pk.startsWith("baseline:");
}

type SubjectResult = { ok: true; value: BindingSubject } | { ok: false; name: string; reason: string };

/**
 * A desired binding's subject in live terms, or why there is none: a group neither state has, a user
 * authentik does not know, a policy the snapshot cannot name (expectedState names policies by name).
 */
function toSubject(context: PlanContext, binding: SnapshotBinding): SubjectResult {
  switch (binding.kind) {
    case "group": {
      const group = binding.group === null ? null : context.groupRef(binding.group);
      if (group) return { ok: true, value: { kind: "group", group } };
      return { ok: false, name: binding.group ?? binding.pk, reason: "the tables' groups table does not list that group" };
    }
    case "user":
      if (binding.user !== null && context.usersByPk.has(binding.user)) {
        return { ok: true, value: { kind: "user", username: context.username(binding.user), userPk: binding.user } };
      }
      return { ok: false, name: "a user", reason: "authentik has no such user" };
    case "policy": {
      const name = binding.policyName ?? binding.policy ?? binding.pk;
      const pk = (binding.policyName !== null ? context.livePolicyPk(binding.policyName) : null) ?? livePk(binding.policy);
      if (pk) return { ok: true, value: { kind: "policy", policyPk: pk, policyName: binding.policyName } };
      return {
        ok: false,
        name: `policy:${name}`,
        reason: "no binding in authentik uses a policy of that name, so its pk is unknown (the planner never creates policies)",
      };
    }
  }
}

/** A pk from the desired state that is a real one, not one of expectedState's `baseline:` placeholders. */
function livePk(pk: string | null): string | null {
  return pk !== null && !pk.startsWith("baseline:") ? pk : null;
}

function expiryOf(binding: SnapshotBinding): number | null {
  return binding.expires === undefined || binding.expires === null ? null : Date.parse(binding.expires);
}

/**
 * Whether a live binding can stand for a desired one as far as expiry goes. authentik's API cannot
 * write `expires`, so a binding with the wrong expiry is replaced, never patched. When the tables cannot
 * state an expiry, any binding that has not expired will do; when they can, the instants must agree.
 */
function sameExpiry(context: PlanContext, candidate: SnapshotBinding, desired: SnapshotBinding): boolean {
  if (!context.capabilities.expiry) return isBindingInForce({ ...candidate, enabled: true }, context.live.takenAt);
  return expiryOf(candidate) === expiryOf(desired);
}

/** A live binding's subject; a group the snapshot lacks keeps its pk as its name. */
function liveSubject(context: PlanContext, binding: SnapshotBinding): BindingSubject {
  switch (binding.kind) {
    case "group":
      return { kind: "group", group: context.liveGroupRef(binding.group ?? binding.pk) };
    case "user":
      return { kind: "user", username: context.username(binding.user ?? -1), userPk: binding.user ?? -1 };
    case "policy":
      return { kind: "policy", policyPk: binding.policy ?? binding.pk, policyName: binding.policyName };
  }
}

function subjectKey(subject: BindingSubject): string {
  switch (subject.kind) {
    case "group":
      return `group:${plannedGroupPk(subject.group)}`;
    case "user":
      return `user:${subject.userPk}`;
    case "policy":
      return `policy:${subject.policyPk}`;
  }
}

function liveSubjectKey(binding: SnapshotBinding): string {
  switch (binding.kind) {
    case "group":
      return `group:${binding.group}`;
    case "user":
      return `user:${binding.user}`;
    case "policy":
      return `policy:${binding.policy}`;
  }
}

function describeSubject(subject: BindingSubject): string {
  return subject.kind === "group"
    ? subject.group.name
    : subject.kind === "user"
      ? `user:${subject.username}`
      : `policy:${subject.policyName ?? subject.policyPk}`;
}

function describeLiveSubject(context: PlanContext, binding: SnapshotBinding): string {
  return `${binding.negate ? "not " : ""}${describeSubject(liveSubject(context, binding))}`;
}

function unmanagedAppReason(context: PlanContext, app: SnapshotApplication): string {
  const count = context.live.bindings.filter((binding) => binding.target === app.pk).length;
  return `in neither the bindings nor the unbound table (${count} binding${count === 1 ? "" : "s"})`;
}
