import { describeChange } from "./describe-change.js";
import { describeEffects } from "./describe-effects.js";
import { escapeTerminalLines } from "./escape-terminal.js";
import type { Plan, PlannedStep, StepOutcome, WriteFailure } from "./types.js";

/** What a write command did (or, with --dry-run, would do), for `--format text` and `--format json`. */
export interface CommandReport {
  command: string;
  dryRun: boolean;
  /** False when a write failed. */
  ok: boolean;
  steps: ReportedStep[];
  /** What needed no change, one sentence each: "jodie is already a member of media-users". */
  unchanged: string[];
  warnings: string[];
  /** The runbook rewritten with --update-runbook, if any. */
  runbook: { file: string; changed: boolean } | null;
}

export type ReportedStatus = StepOutcome["status"] | "dry-run";

export interface ReportedStep extends PlannedStep {
  status: ReportedStatus;
  createdPk?: string;
  failure?: WriteFailure;
}

/** Steps with their outcomes; a dry run marks each step "dry-run". */
export function toReportedSteps(steps: readonly PlannedStep[], outcomes: readonly StepOutcome[] | null): ReportedStep[] {
  return steps.map((step, index) => {
    const outcome = outcomes?.[index];
    if (!outcome) return { ...step, status: "dry-run" };
    return {
      ...step,
      status: outcome.status,
      ...(outcome.createdPk ? { createdPk: outcome.createdPk } : {}),
      ...(outcome.failure ? { failure: outcome.failure } : {}),
    };
  });
}

/**
 * A procedure command's result: one line per change saying what changed ("added riley to media-users"),
 * indented lines with its effect on people, a line per thing already so, warnings last.
 */
export function renderCommandReportText(report: CommandReport): string {
  const lines: string[] = [];
  for (const step of report.steps) {
    lines.push(...renderStep(step));
    // What a change did (or would do); a change that did not happen did nothing to anyone.
    if (step.status === "applied" || step.status === "dry-run") lines.push(...describeEffects(step).map((line) => `  ${line}`));
  }
  for (const line of report.unchanged) lines.push(line);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  if (report.dryRun) lines.push(report.steps.length > 0 ? "dry run: nothing was changed" : "dry run: nothing to change");
  if (report.runbook)
    lines.push(`${report.runbook.file}: ${report.runbook.changed ? "quick reference regenerated" : "already up to date"}`);
  return lines.length === 0 ? "" : escapeTerminalLines(lines);
}

function renderStep(step: ReportedStep): string[] {
  const created = step.createdPk ? ` (pk ${step.createdPk})` : "";
  switch (step.status) {
    case "applied":
      return [`${describeChange(step.change, "past")}${created}`];
    case "dry-run":
      return [`would ${describeChange(step.change)}`];
    case "failed":
      return [`FAILED: ${describeChange(step.change)}`, `  ${step.failure?.message ?? "unknown error"}`];
    case "not-attempted":
      return [`not done: ${describeChange(step.change)}`];
  }
}

/** `plan` as text: each numbered step with its effect on people, then notes and what is not managed. */
export function renderPlanText(plan: Plan, baselineFile: string): string {
  const lines: string[] = [];
  const count = plan.steps.length;
  if (count === 0) lines.push(`nothing to do: authentik matches ${baselineFile}`);
  else lines.push(`${count} change${count === 1 ? "" : "s"} make${count === 1 ? "s" : ""} authentik match ${baselineFile}:`, "");
  plan.steps.forEach((step, index) => {
    const number = `${index + 1}.`;
    lines.push(`  ${number} ${describeChange(step.change)}`);
    for (const line of [...stepRemarks(step), ...describeEffects(step)]) lines.push(`  ${" ".repeat(number.length)} ${line}`);
  });
  lines.push(...renderPlanNotes(plan));
  return escapeTerminalLines(lines);
}

/** Notes and the objects the plan leaves alone, as lines (with a blank line before each part). */
export function renderPlanNotes(plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.notes.length > 0) {
    lines.push("", "Notes:");
    for (const note of plan.notes) lines.push(`  ${note.level === "warning" ? "warning: " : ""}${note.message}`);
  }
  if (plan.unmanaged.length > 0) {
    lines.push("", "Not managed (the runbook's tables do not describe them; never deleted):");
    const width = Math.max(...plan.unmanaged.map((item) => item.kind.length));
    for (const item of plan.unmanaged) lines.push(`  ${item.kind.padEnd(width)}  ${item.name}: ${item.reason}`);
  }
  return lines;
}

/** What a step does beyond its sentence that a reader must know before it runs. */
function stepRemarks(step: PlannedStep): string[] {
  const change = step.change;
  if (change.kind === "create-binding" && change.replacesPk) {
    return [`re-created: the runbook's binding ${change.replacesPk} no longer exists, so this one gets a new pk`];
  }
  if (change.kind === "rename-group") return ["its bindings follow: they refer to the group by pk"];
  return [];
}

/** One step of `apply` as it completes: "  2. unbound vaultwarden from proxmox_users (...)", or why it failed. */
export function renderAppliedStepText(step: ReportedStep, index: number): string {
  const [first, ...rest] = renderStep(step);
  return escapeTerminalLines([`  ${index + 1}. ${first ?? ""}`, ...rest.map((line) => `   ${line}`)]);
}

/** `apply`'s last word on what was and was not done. */
export function renderApplySummaryText(steps: readonly ReportedStep[]): string {
  const applied = steps.filter((step) => step.status === "applied").length;
  const failedAt = steps.findIndex((step) => step.status === "failed");
  const skipped = steps.filter((step) => step.status === "not-attempted").length;
  if (failedAt < 0) return `applied ${applied} of ${steps.length} change${steps.length === 1 ? "" : "s"}\n`;
  const list = (status: ReportedStatus): string =>
    steps.flatMap((step, index) => (step.status === status ? [String(index + 1)] : [])).join(", ") || "none";
  return escapeTerminalLines([
    `stopped at step ${failedAt + 1} of ${steps.length}: ${applied} applied (${list("applied")}), 1 failed (${failedAt + 1}), ${skipped} not attempted (${list("not-attempted")})`,
  ]);
}
