import { printData } from "../print-data.js";
import { sanitizeTerminalText } from "../../text/index.js";
import { plan, renderPlanText, toPlanJson } from "../../manage/index.js";
import { ExitCode } from "../cli-context.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { loadBaselineFile } from "../load-baseline-file.js";
import { configFrom, loadLiveOrSavedSnapshot } from "../load-live-or-saved-snapshot.js";

export interface PlanCommandOptions {
  format: "text" | "json";
}

/** `ak-access plan`: what `apply` would do; exit 1 when there is something to do. */
export async function runPlan(options: PlanCommandOptions, globals: GlobalOptions, context: CliContext): Promise<void> {
  const config = configFrom(globals, context);
  const { baseline } = await loadBaselineFile(config.baselineFile, config.maxRunbookBytes);
  const snapshot = await loadLiveOrSavedSnapshot(globals, context);
  // A partial view plans changes that are not needed (or misses ones that are); say so on stderr.
  for (const problem of snapshot.completeness.problems)
    context.stderr.write(`ak-access: warning: incomplete snapshot: ${sanitizeTerminalText(problem)}\n`);
  const result = plan(baseline, snapshot);
  if (options.format === "json") printData(context.stdout, `${JSON.stringify(toPlanJson(result, config.baselineFile), null, 2)}\n`);
  else context.stdout.write(renderPlanText(result, config.baselineFile));
  if (result.steps.length > 0) throw new ExitCode(1);
}
