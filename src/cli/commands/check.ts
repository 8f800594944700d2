import { Option } from "commander";
import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { CheckCommandOptions } from "./run-check.js";

export function registerCheckCommand(program: Command, context: CliContext): void {
  program
    .command("check")
    .description("audit once: compare authentik with the runbook's tables and report drift and its effect on access")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when drift at or above this severity exists")
        .choices(["critical", "warning", "info"])
        .default("warning"),
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 in sync below the threshold, 1 drift at or above it (access changes count as warnings),\n2 could not audit (configuration, baseline or authentik error). Read-only against authentik.",
    )
    .action(async (options: CheckCommandOptions, command: Command) => {
      const { runCheck } = await import("./run-check.js");
      await runCheck(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
