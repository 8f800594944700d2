import { Option } from "commander";
import type { Command } from "commander";

/** The options every write command takes: --dry-run, --format, --update-runbook. */
export function addWriteOptions(command: Command): Command {
  return command
    .option("--dry-run", "show what would change and its effect on people; send no write")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option(
      "--update-runbook <file>",
      "after a successful change, rewrite FILE's quick-reference tables from live state, as report --inject does",
    );
}

/** The exit codes of the procedure commands, for their --help. */
export const WRITE_EXIT_CODES = "Exit codes: 0 done or already so; 2 refused or failed (bad name, not confirmed, authentik error).";
