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
        reason: `a ${binding.kind} binding (${binding.pk}); the tables list group bindings only`,
      });
    }
    const consumed = new Set<SnapshotBinding>();

    for (const binding of wanted) {
      const subject = toSubject(context, binding);
      if (!subject) {
        context.notes.push({
          level: "warning",
          message: `${liveApp.name}'s binding to ${binding.group ?? binding.pk} names a group the tables do not list`,
        });
        continue;
      }
      const key = subjectKey(subject);
      const candidates = liveBindings.filter(
        (candidate) =>
          managed.has(candidate.kind) &&
          !consumed.has(candidate) &&
          liveSubjectKey(candidate) === key &&
          // authentik's API cannot lift an expiry (`expires` is read-only): an expired binding is replaced.
          isBindingInForce({ ...candidate, enabled: true }, context.live.takenAt),
      );
      const pinned = isPinnedPk(binding.pk) ? binding.pk.toLowerCase() : null;
      const chosen =
        candidates.find((candidate) => candidate.pk.toLowerCase() === pinned) ??
        candidates.find((candidate) => candidate.enabled === binding.enabled && candidate.negate === binding.negate) ??
        candidates[0];
      if (!chosen) {
        changes.push({
          kind: "create-binding",
          application,
          subject,
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
          message: `${liveApp.name}'s binding to ${describeSubject(subject)} has pk ${chosen.pk}, not ${binding.pk} as the runbook records (--update-runbook writes the new pk)`,
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
          subject,
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

/** A desired binding's subject in live terms; null when it names a group neither state has. */
function toSubject(context: PlanContext, binding: SnapshotBinding): BindingSubject | null {
  switch (binding.kind) {
    case "group": {
      const group = binding.group === null ? null : context.groupRef(binding.group);
      return group ? { kind: "group", group } : null;
    }
    case "user":
      return binding.user === null ? null : { kind: "user", username: context.username(binding.user), userPk: binding.user };
    case "policy":
      return binding.policy === null ? null : { kind: "policy", policyPk: binding.policy, policyName: binding.policyName };
  }
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
