import type { Baseline } from "../baseline/index.js";
import { diffBaseline, expectedState, matchGroups } from "../diff/index.js";
import type { GroupMatching } from "../diff/index.js";
import type { AccessState, Snapshot } from "../snapshot/index.js";
import { createAccessEvaluator, isBindingInForce } from "../access/index.js";
import { applyChangeToState } from "./apply-change-to-state.js";
import { describeEvaluatedEffects } from "./describe-access-effects.js";
import { describeChange } from "./describe-change.js";
import { findingsAChangeUndoes } from "./findings-a-change-undoes.js";
import type { EvaluatedState } from "./describe-access-effects.js";
import { orderChanges } from "./order-changes.js";
import { FULL_TABLE_CAPABILITIES, createPlanContext } from "./plan-context.js";
import type { TableCapabilities } from "./plan-context.js";
import { planBindingChanges } from "./plan-binding-changes.js";
import { planEngineModeChanges } from "./plan-engine-mode-changes.js";
import { planGroupChanges, planParentChanges, planSuperuserChanges } from "./plan-group-changes.js";
import { planMemberChanges } from "./plan-member-changes.js";
import type { Change, Plan, PlanNote, PlannedStep } from "./types.js";

export interface PlanOptions {
  capabilities?: TableCapabilities;
  /** Finding ids accepted on purpose (and not expired): changes that would undo one are left out, with a note. */
  accepted?: ReadonlyMap<string, { reason: string }>;
}

/**
 * The changes that make authentik match the runbook's tables, in a safe order, each with its effect on
 * people. Pure. The tables become the access state they describe (`expectedState`), and `planStates`
 * compares that with the live one.
 */
export function plan(baseline: Baseline, snapshot: Snapshot, options: PlanOptions = {}): Plan {
  const notes: PlanNote[] = [];
  const usernames = new Set(snapshot.users.map((user) => user.username));
  for (const group of baseline.groups) {
    for (const username of group.members.filter((name) => !usernames.has(name))) {
      notes.push({ level: "warning", message: `${username} cannot be added to ${group.name}: authentik has no user named ${username}` });
    }
  }
  // The runbook's acceptance table says which drift stays on purpose: the plan leaves it alone.
  const accepted = new Map(
    diffBaseline(baseline, snapshot).findings.flatMap((finding) => (finding.accepted ? [[finding.id, finding.accepted] as const] : [])),
  );
  const planned = planStates(expectedState(baseline, snapshot), snapshot, matchGroups(baseline.groups, snapshot.groups), {
    accepted,
    ...options,
  });
  return { ...planned, notes: [...notes, ...planned.notes] };
}

/**
 * The comparison of two access states, one kind of change at a time (groups, superuser flags, parents,
 * members, bindings, engine modes), so that what the desired state can say decides what is planned:
 * when expectedState learns a new column, the planner follows. `matching` pairs the desired groups
 * (by their pk in the desired state) with live ones.
 */
export function planStates(desired: AccessState, live: Snapshot, matching: GroupMatching, options: PlanOptions = {}): Plan {
  const context = createPlanContext(desired, live, matching, options.capabilities ?? FULL_TABLE_CAPABILITIES);
  const planned = orderChanges(
    [
      ...planGroupChanges(context),
      ...planSuperuserChanges(context),
      ...planParentChanges(context),
      ...planMemberChanges(context),
      ...planBindingChanges(context),
      ...planEngineModeChanges(context),
    ].filter((change) => {
      const id = findingsAChangeUndoes(change).find((candidate) => options.accepted?.has(candidate));
      if (id === undefined) return true;
      context.notes.push({
        level: "info",
        message: `not planned: ${describeChange(change)}, because ${id} is accepted in the runbook (${options.accepted?.get(id)?.reason ?? ""})`,
      });
      return false;
    }),
  );
  const documentedBound = new Set(
    desired.bindings.filter((binding) => isBindingInForce(binding, desired.takenAt)).map((binding) => binding.target),
  );
  const { steps, kept } = simulateSteps(live, planned, documentedBound, live.source.authentikVersion);
  for (const change of kept) {
    context.notes.push({
      level: "warning",
      message: `${change.application.name}'s binding ${change.bindingPk} is kept: removing it would leave the app with no binding in force, because the binding the runbook lists cannot be made`,
    });
  }
  return { steps, unmanaged: context.unmanaged, notes: context.notes };
}

/**
 * Walks the ordered changes over the live state, working out each step's effect on people. A deletion
 * that would leave a documented bound application with no binding in force is dropped (it can only
 * happen when the binding the tables want cannot be created): the planner never opens such an app.
 */
export function simulateSteps(
  start: AccessState,
  changes: readonly Change[],
  documentedBoundAppPks: ReadonlySet<string>,
  authentikVersion: string | null,
): { steps: PlannedStep[]; kept: Extract<Change, { kind: "delete-binding" }>[] } {
  const steps: PlannedStep[] = [];
  const kept: Extract<Change, { kind: "delete-binding" }>[] = [];
  const evaluate = (state: AccessState): EvaluatedState => ({ state, evaluator: createAccessEvaluator(state, { authentikVersion }) });
  // Each state's evaluator is built once: the state after a step is the state before the next.
  let current = evaluate(start);
  changes.forEach((change, index) => {
    const next = evaluate(applyChangeToState(current.state, change, `planned:binding:${index}`));
    if (change.kind === "delete-binding" && documentedBoundAppPks.has(change.application.pk)) {
      const before = current.evaluator.bindingsInForce(change.application.pk).length;
      const after = next.evaluator.bindingsInForce(change.application.pk).length;
      if (before > 0 && after === 0) {
        kept.push(change);
        return;
      }
    }
    steps.push({ change, ...describeEvaluatedEffects(current, next, change) });
    current = next;
  });
  return { steps, kept };
}
