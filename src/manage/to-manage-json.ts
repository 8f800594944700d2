import { describeChange } from "./describe-change.js";
import type { CommandReport, ReportedStep } from "./render-manage-text.js";
import type { Plan, PlannedStep } from "./types.js";

/** One step as JSON: its number, the sentence, the change itself and its effect on people (and outcome, once run). */
export function toStepJson(step: PlannedStep | ReportedStep, index: number): Record<string, unknown> {
  const outcome = "status" in step ? step : null;
  return {
    step: index + 1,
    description: describeChange(step.change),
    ...(outcome ? { status: outcome.status } : {}),
    ...(outcome?.createdPk ? { createdPk: outcome.createdPk } : {}),
    ...(outcome?.failure ? { failure: outcome.failure } : {}),
    change: step.change,
    effects: step.effects,
    superusers: step.superusers,
  };
}

/** `plan --format json`. */
export function toPlanJson(plan: Plan, baselineFile: string): Record<string, unknown> {
  return {
    baseline: baselineFile,
    changes: plan.steps.length,
    steps: plan.steps.map(toStepJson),
    notes: plan.notes,
    unmanaged: plan.unmanaged,
  };
}

/** A procedure command's `--format json`. */
export function toCommandReportJson(report: CommandReport): Record<string, unknown> {
  return {
    command: report.command,
    dryRun: report.dryRun,
    ok: report.ok,
    steps: report.steps.map(toStepJson),
    unchanged: report.unchanged,
    warnings: report.warnings,
    runbook: report.runbook,
  };
}
