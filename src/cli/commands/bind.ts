import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { BindCommandOptions } from "./run-bind.js";
import { WRITE_EXIT_CODES, addWriteOptions } from "./write-options.js";

export function registerBindCommands(program: Command, context: CliContext): void {
  addWriteOptions(
    program
      .command("bind")
      .description("bind a group to an application (procedure B), showing who gains and who loses access")
      .argument("<app>", "the application's slug")
      .argument("<group>", "the group's name (or pk)")
      .option("--yes", "go ahead when the binding closes an open application (needed when stdin is not a terminal)"),
  )
    .addHelpText(
      "after",
      [
        "",
        "The application is found by slug in the full list. An existing binding of the pair is never duplicated.",
        "The first binding on an application that is open to everyone shuts out everyone not in the group: the",
        "command lists them and asks (y/N) on a terminal; elsewhere it needs --yes.",
        WRITE_EXIT_CODES,
      ].join("\n"),
    )
    .action(async (app: string, group: string, options: BindCommandOptions, command: Command) => {
      const { runBind } = await import("./run-bind.js");
      await runBind("bind", app, group, options, command.optsWithGlobals<GlobalOptions>(), context);
    });

  addWriteOptions(
    program
      .command("unbind")
      .description("remove a group's binding from an application (procedure E), showing who gains and who loses access")
      .argument("<app>", "the application's slug")
      .argument("<group>", "the group's name (or pk)")
      .option("--yes", "go ahead when removing the last binding opens the application to everyone (needed when stdin is not a terminal)"),
  )
    .addHelpText(
      "after",
      [
        "",
        "Removes every binding between the two (duplicates too). Removing an application's last binding in force",
        "opens it to every active user when the tenant's default access is on (shuts everyone out when it is off):",
        "the command says how many people that is and asks (y/N) on a terminal; elsewhere it needs --yes.",
        WRITE_EXIT_CODES,
      ].join("\n"),
    )
    .action(async (app: string, group: string, options: BindCommandOptions, command: Command) => {
      const { runBind } = await import("./run-bind.js");
      await runBind("unbind", app, group, options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
