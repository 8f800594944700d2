import { stat } from "node:fs/promises";
import { BaselineError, describeBaselineMeaning, locateBaselineTables, parseBaseline } from "../../baseline/index.js";
import type { Baseline } from "../../baseline/index.js";
import { AuditorError } from "../../errors.js";
import { createReportRenderer, regenerateRunbook, renderRunbookPatch, toQuickReferenceView } from "../../report/index.js";
import { ExitCode } from "../cli-context.js";
import { printData } from "../print-data.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { configFrom, loadLiveOrSavedSnapshot } from "../load-live-or-saved-snapshot.js";
import { loadBaselineFile } from "../load-baseline-file.js";
import { readRunbook } from "../../read-runbook.js";
import { writeOutput } from "../write-output.js";

export interface ReportCommandOptions {
  output?: string;
  inject?: string;
  check?: boolean;
  strict?: boolean;
  matrix?: boolean;
  notices?: boolean;
}

/** `ak-access report`: the quick reference from live state, or rewritten in place with --inject. */
export async function runReport(options: ReportCommandOptions, globals: GlobalOptions, context: CliContext): Promise<void> {
  if (options.check && !options.inject) throw new AuditorError("usage", "--check needs --inject RUNBOOK");
  if (options.strict && !options.check) throw new AuditorError("usage", "--strict needs --check");
  if (options.inject && options.output) throw new AuditorError("usage", "use either --inject RUNBOOK or --output FILE, not both");
  const sections = { matrix: options.matrix === true, notices: options.notices === true };
  const renderer = createReportRenderer();
  const config = configFrom(globals, context);

  if (options.inject) {
    const file = options.inject;
    const runbook = await readRunbook(file, config.maxRunbookBytes).catch((cause: unknown) => {
      if (cause instanceof AuditorError) throw cause;
      throw new AuditorError("usage", `${file}: cannot read the runbook (${(cause as { code?: string }).code ?? "unreadable"})`, {
        cause,
      });
    });
    const parsed = parseBaseline(runbook, file);
    // The tables give the row order and the unbound apps' reasons: rewriting tables that do not parse would
    // sort every row and replace every reason with "—". A runbook without any table yet (markers only) is fine.
    if (!parsed.baseline && locateBaselineTables(runbook).length > 0) throw new BaselineError(parsed.problems);
    const snapshot = await loadLiveOrSavedSnapshot(globals, context);
    const result = regenerateRunbook(renderer, { runbook, baseline: parsed.baseline, snapshot, sections });
    if (!result.ok) throw new AuditorError("baseline", `${file}: ${result.message}`);
    if (options.check) {
      if (!result.changed) return;
      // Without --strict, only a change of meaning is stale: a rewrite that only reformats is not.
      const rewritten = parseBaseline(result.text, file).baseline;
      const sameMeaning =
        parsed.baseline !== null && rewritten !== null && describeBaselineMeaning(parsed.baseline) === describeBaselineMeaning(rewritten);
      if (sameMeaning && !options.strict) {
        context.stderr.write(
          `ak-access: ${file}: the tables say what authentik has; --inject would only reformat them (--strict fails on that)\n`,
        );
        return;
      }
      printData(context.stdout, renderRunbookPatch(file, runbook, result.text));
      throw new ExitCode(1);
    }
    if (result.changed) await writeOutput(result.text, file, context.stdout, { unchangedFrom: runbook });
    context.stderr.write(result.changed ? `ak-access: ${file}: quick reference regenerated\n` : `ak-access: ${file}: already up to date\n`);
    return;
  }

  const baseline = await readOptionalBaseline(config.baselineFile, config.baselineExplicit, config.maxRunbookBytes);
  const snapshot = await loadLiveOrSavedSnapshot(globals, context);
  const view = toQuickReferenceView(snapshot, { baseline, sections });
  await writeOutput(renderer.quickReference(view), options.output, context.stdout);
}

/** The baseline orders rows when it exists; the default file may be absent, a named one may not. */
async function readOptionalBaseline(file: string, named: boolean, maxBytes: number): Promise<Baseline | null> {
  if (!named) {
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (!exists) return null;
  }
  return (await loadBaselineFile(file, maxBytes)).baseline;
}
