import { Option } from "commander";
import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { PlanCommandOptions } from "./run-plan.js";

export function registerPlanCommand(program: Command, context: CliContext): void {
  program
    .command("plan")
    .description("the changes that would make authentik match the runbook's tables, in a safe order, each with its effect on people")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      [
        "",
        "Groups are created and members added first, then bindings created, then bindings and members removed, so",
        "nobody the tables list is locked out halfway and no documented bound application is open halfway. Groups",
        'and applications are never deleted: the ones the tables do not list are shown as "not managed".',
        "Read-only (works offline with --snapshot). Exit codes: 0 nothing to do, 1 changes to make, 2 could not plan.",
      ].join("\n"),
    )
    .action(async (options: PlanCommandOptions, command: Command) => {
      const { runPlan } = await import("./run-plan.js");
      await runPlan(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
