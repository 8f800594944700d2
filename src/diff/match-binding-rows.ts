import { isBindingInForce } from "../access/index.js";
import type { BaselineBinding } from "../baseline/index.js";
import type { SnapshotBinding } from "../snapshot/index.js";
import { sameState, stateOf } from "./binding-labels.js";
import type { DiffContext } from "./create-diff-context.js";

export interface RowMatch {
  row: BaselineBinding;
  /** The live binding this row stands for, or null when none is left for it. */
  live: SnapshotBinding | null;
  /** Why no live binding could be found, when `live` is null and the target itself is the reason. */
  missingBecause: "group-not-documented" | "group-gone" | "group-recreated" | null;
}

export interface BindingRowMatching {
  matches: RowMatch[];
  /** Live bindings on the app that no row stands for, in evaluation order. */
  unmatched: SnapshotBinding[];
}

/**
 * Pairs each documented row of an app with one live binding of the same target: the documented group's
 * live match (so a binding lost with a recreated group counts as missing even though a group of that
 * name exists), the user of that username, or the policy of that name. Among several candidates (the
 * database allows duplicates), the pinned pk wins, then a binding in the documented state, then one in
 * force. Each live binding stands for at most one row.
 */
export function matchBindingRows(
  context: DiffContext,
  rows: readonly BaselineBinding[],
  live: readonly SnapshotBinding[],
): BindingRowMatching {
  const consumed = new Set<SnapshotBinding>();
  const matches = rows.map((row): RowMatch => {
    const target = liveTarget(context, row);
    if (target.kind === "missing") return { row, live: null, missingBecause: target.because };
    const candidates = live.filter((binding) => !consumed.has(binding) && target.matches(binding));
    const chosen = choose(candidates, row, context.snapshot.takenAt);
    if (!chosen) return { row, live: null, missingBecause: target.recreated ? "group-recreated" : null };
    consumed.add(chosen);
    return { row, live: chosen, missingBecause: null };
  });
  return { matches, unmatched: live.filter((binding) => !consumed.has(binding)) };
}

type LiveTarget =
  | { kind: "found"; matches: (binding: SnapshotBinding) => boolean; recreated: boolean }
  | { kind: "missing"; because: NonNullable<RowMatch["missingBecause"]> };

function liveTarget(context: DiffContext, row: BaselineBinding): LiveTarget {
  const { target } = row;
  switch (target.kind) {
    case "group": {
      const match = context.groups.byDocumentedName.get(target.name);
      if (!match) return { kind: "missing", because: "group-not-documented" };
      if (!match.live) return { kind: "missing", because: "group-gone" };
      const pk = match.live.pk;
      return {
        kind: "found",
        matches: (binding) => binding.kind === "group" && binding.group === pk,
        recreated: match.matchedBy === "name",
      };
    }
    case "user": {
      const pk = context.usersByUsername.get(target.username)?.pk;
      return { kind: "found", matches: (binding) => binding.kind === "user" && pk !== undefined && binding.user === pk, recreated: false };
    }
    case "policy":
      return { kind: "found", matches: (binding) => binding.kind === "policy" && binding.policyName === target.name, recreated: false };
  }
}

function choose(candidates: readonly SnapshotBinding[], row: BaselineBinding, takenAt: string): SnapshotBinding | undefined {
  const pinned = row.bindingPk?.toLowerCase();
  return (
    candidates.find((binding) => binding.pk.toLowerCase() === pinned) ??
    candidates.find((binding) => sameState(stateOf(binding), stateOf(row))) ??
    candidates.find((binding) => isBindingInForce(binding, takenAt)) ??
    candidates[0]
  );
}
