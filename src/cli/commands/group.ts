import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { GroupCreateOptions, GroupRenameOptions } from "./run-group.js";
import { WRITE_EXIT_CODES, addWriteOptions } from "./write-options.js";

export function registerGroupCommand(program: Command, context: CliContext): void {
  const group = program.command("group").description("runbook procedures A and F: create a group, rename a group");

  addWriteOptions(
    group
      .command("create")
      .description("create a group (procedure A); an existing group of that name is reported with its pk")
      .argument("<name>", "the group's name; the runbook's convention is <category>-users")
      .option("--parent <group>", "make it a child of this group (name or pk), so its members also pass the parent's bindings"),
  )
    .addHelpText(
      "after",
      [
        "",
        "Warns when NAME breaks the runbook's <category>-users convention. --parent is written as `parents` on",
        "authentik 2025.12 and later and as `parent` before. Nobody's access changes: the group starts empty.",
        WRITE_EXIT_CODES,
      ].join("\n"),
    )
    .action(async (name: string, options: GroupCreateOptions, command: Command) => {
      const { runGroupCreate } = await import("./run-group.js");
      await runGroupCreate(name, options, command.optsWithGlobals<GlobalOptions>(), context);
    });

  addWriteOptions(
    group
      .command("rename")
      .description("rename a group (procedure F), and say which references keep the old name")
      .argument("<old>", "the group's current name (or pk)")
      .argument("<new>", "its new name"),
  )
    .addHelpText(
      "after",
      [
        "",
        "Bindings follow a rename (they refer to the group by pk); name-based references do not. The command lists",
        "the lines of the runbook's tables (--baseline) that name OLD, unless --update-runbook rewrites them, and the",
        "expression policies whose expression contains OLD (when the token may read expression policies).",
        WRITE_EXIT_CODES,
      ].join("\n"),
    )
    .action(async (oldName: string, newName: string, options: GroupRenameOptions, command: Command) => {
      const { runGroupRename } = await import("./run-group.js");
      await runGroupRename(oldName, newName, options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
