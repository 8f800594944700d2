export type * from "./types.js";
export { plan, planStates, simulateSteps } from "./plan.js";
export type { PlanOptions } from "./plan.js";
export { FULL_TABLE_CAPABILITIES } from "./plan-context.js";
export type { TableCapabilities } from "./plan-context.js";
export { orderChanges, phaseOf } from "./order-changes.js";
export { applyChangeToState } from "./apply-change-to-state.js";
export { apply } from "./apply.js";
export type { ApplyOptions } from "./apply.js";
export { describeWriteFailure, permissionFor } from "./describe-write-failure.js";
export { describeChange, describeSubject } from "./describe-change.js";
export { describeDrastic, describeEffects, isDrastic } from "./describe-effects.js";
export { groupParentsBody, groupParentsField } from "./group-parents-field.js";
export { escapeTerminal, escapeTerminalLines } from "./escape-terminal.js";
export {
  prepareBind,
  prepareGroupCreate,
  prepareGroupRename,
  prepareMembership,
  prepareUnbind,
} from "./prepare-procedure.js";
export type { Procedure } from "./prepare-procedure.js";
export { resolveApplication, resolveGroup } from "./resolve-objects.js";
export { findExpressionPolicyMentions, findRunbookReferences, lookupUsers } from "./read-references.js";
export type { ExpressionPolicyMentions } from "./read-references.js";
export {
  renderAppliedStepText,
  renderApplySummaryText,
  renderCommandReportText,
  renderPlanNotes,
  renderPlanText,
  toReportedSteps,
} from "./render-manage-text.js";
export type { CommandReport, ReportedStatus, ReportedStep } from "./render-manage-text.js";
export { toCommandReportJson, toPlanJson, toStepJson } from "./to-manage-json.js";
