import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";

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
      const { runSnapshot } = await import("./run-snapshot.js");
      await runSnapshot(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
