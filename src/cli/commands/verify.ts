import { Option } from "commander";
import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { VerifyCommandOptions } from "./run-verify.js";

export function registerVerifyCommand(program: Command, context: CliContext): void {
  program
    .command("verify")
    .description("prove the access model against authentik itself: ask check_access for a sample of (user, application) pairs")
    .addOption(new Option("--sample <n>", "pairs to check in all: the required ones, then random pairs up to N").default("200"))
    .option("--app <slug>", "only this application")
    .option("--user <username>", "only this user (exact, case-sensitive)")
    .option("--seed <n>", "seed of the random part of the sample, to repeat a run (default: a new one, printed)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      [
        "",
        "Always checked: every superuser on every app with bindings, every member of a group with a parent on",
        "apps bound to an ancestor, every user a negated, disabled, expiring or user binding concerns, and every",
        "pair the model calls indeterminate (a policy decides; authentik's answer resolves it). Requests are",
        "paced (at most 20 a second, --concurrency at a time): each one runs authentik's policy engine.",
        "",
        "Needs a superuser's token: authentik honours check_access?for_user= only for superusers, and for anyone",
        "else silently answers about the token's own user.",
        "",
        "Exit codes: 0 every pair agrees, 1 a disagreement, 2 could not verify.",
      ].join("\n"),
    )
    .action(async (options: VerifyCommandOptions, command: Command) => {
      const { runVerify } = await import("./run-verify.js");
      await runVerify(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
