import { printData } from "../print-data.js";
import { diffBaseline } from "../../diff/index.js";
import type { DiffResult } from "../../diff/index.js";
import { AuditorError } from "../../errors.js";
import {
  apply,
  plan,
  renderAppliedStepText,
  renderApplySummaryText,
  renderPlanText,
  toPlanJson,
  toReportedSteps,
  toStepJson,
} from "../../manage/index.js";
import { createPaint, renderCheckText } from "../../report/index.js";
import { takeSnapshot } from "../../snapshot/index.js";
import { askYesNo } from "../ask-yes-no.js";
import { ExitCode } from "../cli-context.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { loadBaselineFile } from "../load-baseline-file.js";
import { configFrom } from "../load-live-or-saved-snapshot.js";
import { openWriteSession } from "../run-procedure.js";
import type { WriteCommandOptions } from "../run-procedure.js";
import { readRunbookTables, updateRunbookAfterChange, updateRunbookFile } from "../update-runbook-file.js";
import { useColor } from "../use-color.js";

export type ApplyCommandOptions = WriteCommandOptions;

/**
 * `ak-access apply`: plan from a fresh snapshot, show it, confirm, apply in order (stopping at the
 * first failure), re-audit. Exit 0 applied or nothing to do, 2 refused or failed.
 */
export async function runApply(options: ApplyCommandOptions, globals: GlobalOptions, context: CliContext): Promise<void> {
  const config = configFrom(globals, context);
  const { baseline } = await loadBaselineFile(config.baselineFile, config.maxRunbookBytes);
  if (options.updateRunbook) await readRunbookTables(options.updateRunbook, config.maxRunbookBytes);
  const session = await openWriteSession(globals, context);
  const json = options.format === "json";
  try {
    const { snapshot, client } = session;
    if (!snapshot.completeness.complete) {
      throw new AuditorError(
        "snapshot",
        `apply needs a snapshot of everything, and this token sees only part of authentik: ${snapshot.completeness.problems.join("; ")}`,
      );
    }
    const planned = plan(baseline, snapshot);
    const steps = planned.steps;
    const planJson = toPlanJson(planned, config.baselineFile);
    if (!json) context.stdout.write(renderPlanText(planned, config.baselineFile));

    if (steps.length === 0 || options.dryRun) {
      // Nothing to change: the snapshot just taken is the live state the tables are rewritten from.
      const runbook =
        steps.length === 0 && !options.dryRun && options.updateRunbook
          ? { file: options.updateRunbook, ...(await updateRunbookFile(options.updateRunbook, snapshot, context.stdout)) }
          : null;
      if (json)
        printData(context.stdout, `${JSON.stringify({ ...planJson, dryRun: options.dryRun === true, ok: true, runbook }, null, 2)}\n`);
      else if (options.dryRun && steps.length > 0) context.stdout.write("dry run: nothing was changed\n");
      if (!json && runbook)
        context.stdout.write(`${runbook.file}: ${runbook.changed ? "quick reference regenerated" : "already up to date"}\n`);
      return;
    }
    if (!options.yes) {
      const count = `${steps.length} change${steps.length === 1 ? "" : "s"}`;
      const answer = await askYesNo(context, `Apply these ${count} to ${snapshot.source.url}?`);
      if (answer === null) throw new AuditorError("usage", `pass --yes to apply these ${count} (stdin is not a terminal to ask)`);
      if (!answer) throw new AuditorError("usage", "not confirmed: nothing was changed");
    }

    if (!json) context.stdout.write("\nApplying:\n");
    const outcome = await apply(
      steps.map((step) => step.change),
      client,
      {
        authentikVersion: snapshot.source.authentikVersion,
        onOutcome: (stepOutcome, index) => {
          const [reportedStep] = toReportedSteps(steps.slice(index, index + 1), [stepOutcome]);
          if (!json && reportedStep) context.stdout.write(renderAppliedStepText(reportedStep, index));
        },
      },
    );
    const reported = toReportedSteps(steps, outcome.outcomes);
    if (!json) context.stdout.write(`\n${renderApplySummaryText(reported)}`);

    // Whatever happened, say where authentik stands now against the tables.
    const fresh = await takeSnapshot(client, { now: context.now });
    const audit = diffBaseline(baseline, fresh);
    const { runbook, error } =
      outcome.ok && options.updateRunbook
        ? await updateRunbookAfterChange(options.updateRunbook, fresh, context.stdout, config.maxRunbookBytes)
        : { runbook: null, error: null };
    if (json) {
      const { inSync, summary, findings, accessChanges } = audit;
      printData(
        context.stdout,
        `${JSON.stringify({ ...planJson, dryRun: false, ok: outcome.ok, steps: reported.map(toStepJson), audit: { inSync, summary, findings, accessChanges }, runbook }, null, 2)}\n`,
      );
    } else {
      context.stdout.write(`\nAfter apply:\n${renderAudit(audit, config.baselineFile, fresh.source.url, fresh.takenAt, context)}`);
      if (runbook) context.stdout.write(`${runbook.file}: ${runbook.changed ? "quick reference regenerated" : "already up to date"}\n`);
    }
    if (error) throw error;
    if (!outcome.ok) throw new ExitCode(2);
  } finally {
    await session.client.close();
  }
}

function renderAudit(audit: DiffResult, baselineFile: string, source: string, takenAt: string, context: CliContext): string {
  return renderCheckText(
    audit,
    { baselineFile, source, takenAt, completenessProblems: [] },
    createPaint(useColor(context.stdout, context.env)),
  );
}
