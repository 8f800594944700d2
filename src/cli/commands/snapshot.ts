import type { Command } from "commander";
import { renderSnapshotJson } from "../../snapshot/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { loadLiveOrSavedSnapshot } from "../load-live-or-saved-snapshot.js";
import { writeOutput } from "../write-output.js";

export function registerSnapshotCommand(program: Command, context: CliContext): void {
  program
    .command("snapshot")
    .description("save a snapshot of groups, members, applications and policy bindings as JSON")
    .option("-o, --output <file>", "write to FILE (atomically) instead of stdout")
    .addHelpText(
      "after",
      "\nThe snapshot is deterministic: the same authentik state gives byte-identical JSON apart from takenAt.\nIt holds no secrets. Exit codes: 0 written, 2 could not take it.",
    )
    .action(async (options: { output?: string }, command: Command) => {
      const snapshot = await loadLiveOrSavedSnapshot(command.optsWithGlobals<GlobalOptions>(), context);
      await writeOutput(renderSnapshotJson(snapshot), options.output, context.stdout);
    });
}
