import { Option } from "commander";
import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { AccessCommandOptions } from "./run-access.js";

export function registerAccessCommand(program: Command, context: CliContext): void {
  program
    .command("access")
    .description("who can access what, and why: authentik's rules applied to every user and application")
    .option("--user <username>", "one user's verdict on every application, with what decided it (exact, case-sensitive)")
    .option("--app <slug>", "only this application")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      "\nUnlike the API's own application list (which only ever shows the token owner's view), this answers for\nany user. Policy bindings (expressions and the like) cannot be evaluated from a snapshot: their users are\n\"indeterminate\". Superusers get no exemption, exactly as in authentik. Exit codes: 0, or 2.",
    )
    .action(async (options: AccessCommandOptions, command: Command) => {
      const { runAccess } = await import("./run-access.js");
      await runAccess(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
