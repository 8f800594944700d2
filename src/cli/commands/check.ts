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
    .option("--details", "list every person whose access changed, one per line, instead of grouping them by app and cause")
    .addHelpText(
      "after",
      "\nEach finding is printed with its id (kind:subject); list an id in the runbook's acceptance table (Finding,\nReason, Until) to accept it on purpose. Exit codes: 0 in sync below the threshold, 1 drift at or above it\n(access changes count as warnings; accepted findings count for nothing), 2 could not audit (configuration,\nbaseline or authentik error). Read-only against authentik.",
    )
    .action(async (options: CheckCommandOptions, command: Command) => {
      const { runCheck } = await import("./run-check.js");
      await runCheck(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
