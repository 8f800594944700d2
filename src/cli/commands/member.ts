import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { MemberCommandOptions } from "./run-member.js";
import { WRITE_EXIT_CODES, addWriteOptions } from "./write-options.js";

export function registerMemberCommand(program: Command, context: CliContext): void {
  const member = program.command("member").description("runbook procedures C and D: add users to a group, remove them from it");
  const help = [
    "",
    "Users are looked up by exact, case-sensitive username (?username=), never by the fuzzy ?search=. Each user is",
    "added or removed on its own with authentik's add_user/remove_user, never by replacing the member list, so a",
    "member someone else adds meanwhile is kept. Running it twice changes nothing. One line per user says what",
    "changed, with who gains or loses access to which application.",
    WRITE_EXIT_CODES,
  ].join("\n");

  for (const action of ["add", "remove"] as const) {
    addWriteOptions(
      member
        .command(action)
        .description(action === "add" ? "add users to a group (procedure C)" : "remove users from a group (procedure D)")
        .argument("<group>", "the group's name (or pk)")
        .argument("<users...>", "usernames, exact and case-sensitive"),
    )
      .addHelpText("after", help)
      .action(async (group: string, users: string[], options: MemberCommandOptions, command: Command) => {
        const { runMember } = await import("./run-member.js");
        await runMember(action, group, users, options, command.optsWithGlobals<GlobalOptions>(), context);
      });
  }
}
