import { BaselineError, locateBaselineTables, parseBaseline } from "../baseline/index.js";
import { DEFAULTS } from "../config/index.js";
import { AuditorError } from "../errors.js";
import { readRunbook } from "../read-runbook.js";
import { createReportRenderer, regenerateRunbook } from "../report/index.js";
import type { Snapshot } from "../snapshot/index.js";
import type { Output } from "./cli-context.js";
import { writeOutput } from "./write-output.js";

/**
 * `--update-runbook FILE`: the runbook's tables rewritten from `snapshot`, as `report --inject` does
 * (row order and reasons from the existing tables, every other byte kept, written atomically), so the
 * runbook's "update the Quick Reference" step disappears. Unchanged tables are not written.
 */
export async function updateRunbookFile(
  file: string,
  snapshot: Snapshot,
  stdout: Output,
  maxBytes: number = DEFAULTS.maxRunbookBytes,
): Promise<{ changed: boolean }> {
  const { runbook, parsed } = await readRunbookTables(file, maxBytes);
  const result = regenerateRunbook(createReportRenderer(), {
    runbook,
    baseline: parsed.baseline,
    snapshot,
    sections: { matrix: false, notices: false },
  });
  if (!result.ok) throw new AuditorError("baseline", `${file}: ${result.message}`);
  if (result.changed) await writeOutput(result.text, file, stdout, { unchangedFrom: runbook });
  return { changed: result.changed };
}

/**
 * `updateRunbookFile` after a change that was made: a failure here must not hide that the change
 * happened, so it comes back as a value for the caller to report after the change itself.
 */
export async function updateRunbookAfterChange(
  file: string,
  snapshot: Snapshot,
  stdout: Output,
  maxBytes: number = DEFAULTS.maxRunbookBytes,
): Promise<{ runbook: { file: string; changed: boolean } | null; error: AuditorError | null }> {
  try {
    return { runbook: { file, ...(await updateRunbookFile(file, snapshot, stdout, maxBytes)) }, error: null };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { runbook: null, error: new AuditorError("usage", `the change was made, but ${file} was not rewritten: ${reason}`, { cause }) };
  }
}

/**
 * The runbook and its parsed tables. Called once before any write too, so that a wrong path or broken
 * tables fail before authentik is touched. Tables that do not parse would lose their row order and
 * reasons; a runbook with no table yet (markers only) is fine.
 */
export async function readRunbookTables(
  file: string,
  maxBytes: number = DEFAULTS.maxRunbookBytes,
): Promise<{ runbook: string; parsed: ReturnType<typeof parseBaseline> }> {
  const runbook = await readRunbook(file, maxBytes).catch((cause: unknown) => {
    if (cause instanceof AuditorError) throw cause;
    throw new AuditorError("usage", `${file}: cannot read the runbook (${(cause as { code?: string }).code ?? "unreadable"})`, { cause });
  });
  const parsed = parseBaseline(runbook, file);
  if (!parsed.baseline && locateBaselineTables(runbook).length > 0) throw new BaselineError(parsed.problems);
  return { runbook, parsed };
}
