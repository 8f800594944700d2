import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { ApplyCommandOptions } from "./run-apply.js";
import { addWriteOptions } from "./write-options.js";

export function registerApplyCommand(program: Command, context: CliContext): void {
  addWriteOptions(
    program
      .command("apply")
      .description("make authentik match the runbook's tables: plan from a fresh snapshot, confirm, apply in a safe order, re-audit")
      .option("--yes", "apply without asking (needed when stdin is not a terminal)"),
  )
    .addHelpText(
      "after",
      [
        "",
        "Takes a fresh snapshot and plans again (as `plan` shows it), asks (y/N) on a terminal unless --yes, then",
        "applies the steps one at a time and stops at the first failure, saying which steps were applied, which one",
        "failed and why, and which were not attempted. Then it audits again and prints the result, as `check` does.",
        "Refuses a snapshot the token cannot see whole (not a superuser's token).",
        "Exit codes: 0 applied (or nothing to do); 2 refused or failed.",
      ].join("\n"),
    )
    .action(async (options: ApplyCommandOptions, command: Command) => {
      const { runApply } = await import("./run-apply.js");
      await runApply(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
