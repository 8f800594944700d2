import { Command, CommanderError, Option } from "commander";
import { AuditorError } from "../errors.js";
import { sanitizeTerminalText } from "../text/index.js";
import { ExitCode } from "./cli-context.js";
import type { CliContext } from "./cli-context.js";
import { registerAccessCommand } from "./commands/access.js";
import { registerApplyCommand } from "./commands/apply.js";
import { registerBindCommands } from "./commands/bind.js";
import { registerCheckCommand } from "./commands/check.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerGroupCommand } from "./commands/group.js";
import { registerMemberCommand } from "./commands/member.js";
import { registerPlanCommand } from "./commands/plan.js";
import { registerReportCommand } from "./commands/report.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerSnapshotCommand } from "./commands/snapshot.js";
import { registerVerifyCommand } from "./commands/verify.js";
import { readPackageVersion } from "./read-package-version.js";

export function createProgram(context: CliContext): Command {
  const program = new Command("ak-access")
    .description("Audit authentik group-based application access against your runbook's tables.")
    .version(readPackageVersion())
    .addOption(new Option("--url <url>", "authentik base URL (env AUTHENTIK_URL or AK_API; may end in /api/v3)"))
    .addOption(
      new Option("--token-file <file>", "file holding the API token (env AUTHENTIK_TOKEN_FILE; or set AUTHENTIK_TOKEN / AK_TOKEN)"),
    )
    .addOption(
      new Option("--baseline <file>", "the runbook whose tables are the baseline (env AK_ACCESS_BASELINE)").default(
        undefined,
        "./access-groups.md",
      ),
    )
    .addOption(new Option("--snapshot <file>", "read commands: work offline from a saved snapshot instead of the API"))
    .addOption(new Option("--timeout-ms <ms>", "per-request timeout to authentik (env AK_ACCESS_TIMEOUT_MS)").default(undefined, "15000"))
    .addOption(new Option("--concurrency <n>", "parallel requests to authentik (env AK_ACCESS_CONCURRENCY)").default(undefined, "4"))
    .addOption(new Option("--ca-file <file>", "extra CA bundle for a private authentik certificate (env AK_ACCESS_CA_FILE)"))
    .addOption(
      new Option("--log-level <level>", "fatal|error|warn|info|debug|trace|silent (env AK_ACCESS_LOG_LEVEL)").default(undefined, "info"),
    )
    .addOption(
      new Option("--max-response-bytes <bytes>", "largest response read from authentik (env AK_ACCESS_MAX_RESPONSE_BYTES)").default(
        undefined,
        "33554432 = 32 MiB",
      ),
    )
    .addOption(
      new Option("--max-runbook-bytes <bytes>", "largest runbook read as the baseline (env AK_ACCESS_MAX_RUNBOOK_BYTES)").default(
        undefined,
        "16777216 = 16 MiB",
      ),
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride();
  registerServeCommand(program, context);
  registerCheckCommand(program, context);
  registerReportCommand(program, context);
  registerSnapshotCommand(program, context);
  registerAccessCommand(program, context);
  registerVerifyCommand(program, context);
  registerDemoCommand(program, context);
  registerGroupCommand(program, context);
  registerMemberCommand(program, context);
  registerBindCommands(program, context);
  registerPlanCommand(program, context);
  registerApplyCommand(program, context);
  for (const command of program.commands) {
    command.exitOverride().showHelpAfterError();
    for (const subcommand of command.commands) subcommand.exitOverride().showHelpAfterError();
  }
  return program;
}

// Each command registers its options here and imports its implementation only when it runs, so
// `--version`, `--help` and shell completion load commander and nothing else.

/**
 * Run the command line and return the exit code: 0 fine, 1 drift (or a stale file with --check),
 * 2 could not do it (bad configuration, authentik unreachable, bad baseline, usage error).
 * This is the one place errors are caught and turned into a message.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.exitCode;
    if (error instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof AuditorError && error.code === "baseline" && "problems" in error && Array.isArray(error.problems)) {
      // One problem per line, each starting with file:line, so editors and CI annotations can jump to it.
      const count = error.problems.length;
      context.stderr.write(`ak-access: the baseline has ${count} problem${count === 1 ? "" : "s"}:\n${printable(error.message)}\n`);
      return 2;
    }
    if (error instanceof AuditorError) {
      context.stderr.write(`ak-access: ${printable(error.message)}\n`);
      return 2;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.stderr.write(`ak-access: unexpected error: ${printable(text)}\n`);
    return 2;
  }
}

/**
 * Messages carry names from authentik and cells from the runbook: their control characters are made
 * visible here, the one place errors reach the terminal. The message's own line breaks stay.
 */
function printable(message: string): string {
  return sanitizeTerminalText(message, { keepNewlines: true });
}
