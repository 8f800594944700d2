import { renderSnapshotJson } from "../../snapshot/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { loadLiveOrSavedSnapshot } from "../load-live-or-saved-snapshot.js";
import { writeOutput } from "../write-output.js";

/** `ak-access snapshot`: save a deterministic snapshot. */
export async function runSnapshot(options: { output?: string }, globals: GlobalOptions, context: CliContext): Promise<void> {
  const snapshot = await loadLiveOrSavedSnapshot(globals, context);
  await writeOutput(renderSnapshotJson(snapshot), options.output, context.stdout);
}
