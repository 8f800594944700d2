import { isBindingInForce } from "../access/index.js";
import type { BaselineBinding, BaselineBindingTarget } from "../baseline/index.js";
import type { SnapshotBinding } from "../snapshot/index.js";
import type { DiffContext } from "./create-diff-context.js";

/** A live binding's target as the tables name it: the group's (documented) name, `user:NAME` or `policy:NAME`. */
export function labelLiveTarget(context: DiffContext, binding: SnapshotBinding): string {
  switch (binding.kind) {
    case "group":
      return binding.group === null ? binding.pk : context.groupLabel(binding.group);
    case "user":
      return `user:${binding.user === null ? binding.pk : context.username(binding.user)}`;
    case "policy":
      return `policy:${binding.policyName ?? binding.policy ?? binding.pk}`;
  }
}

/** A documented binding's target, named as `labelLiveTarget` names a live one. */
export function labelDocumentedTarget(target: BaselineBindingTarget): string {
  switch (target.kind) {
    case "group":
      return target.name;
    case "user":
      return `user:${target.username}`;
    case "policy":
      return `policy:${target.name}`;
  }
}

/** A target in a sentence: `media-users`, `the user riley`, `the policy geo-check`. */
export function describeTarget(label: string): string {
  if (label.startsWith("user:")) return `the user ${label.slice(5)}`;
  if (label.startsWith("policy:")) return `the policy ${label.slice(7)}`;
  return label;
}

export interface BindingState {
  enabled: boolean;
  negate: boolean;
  expires: string | null;
}

export function stateOf(binding: SnapshotBinding | BaselineBinding): BindingState {
  return { enabled: binding.enabled, negate: binding.negate, expires: binding.expires ?? null };
}

/** As the State column writes it: "enabled", or "disabled, negated, expires 2027-01-01T00:00:00Z". */
export function formatState(state: BindingState): string {
  const parts = [
    ...(state.enabled ? [] : ["disabled"]),
    ...(state.negate ? ["negated"] : []),
    ...(state.expires === null ? [] : [`expires ${state.expires}`]),
  ];
  return parts.length === 0 ? "enabled" : parts.join(", ");
}

export function sameState(a: BindingState, b: BindingState): boolean {
  return a.enabled === b.enabled && a.negate === b.negate && sameInstant(a.expires, b.expires);
}

/** Expiry instants compare by time: `2027-01-01T00:00:00Z` and `2027-01-01T00:00:00.000000Z` are the same. */
export function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Date.parse(a) === Date.parse(b);
}

/** Whether a documented row counts at `takenAt` (enabled and not expired), as a live binding would. */
export function isRowInForce(row: BaselineBinding, takenAt: string): boolean {
  return isBindingInForce(row, takenAt);
}
