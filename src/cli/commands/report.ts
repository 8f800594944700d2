import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { ReportCommandOptions } from "./run-report.js";

export function registerReportCommand(program: Command, context: CliContext): void {
  program
    .command("report")
    .description("the runbook's quick reference (groups, bindings, unbound apps) regenerated from live state")
    .option("-o, --output <file>", "write the quick reference to FILE (atomically) instead of stdout")
    .option("--inject <runbook>", "rewrite the quick-reference tables of RUNBOOK in place, and nothing else")
    .option("--check", "with --inject: write nothing; print a unified diff and exit 1 when the tables' meaning is stale")
    .option("--strict", "with --check: exit 1 when the bytes would change at all, formatting included")
    .option("--matrix", "add the access matrix (apps by groups, users per app, a Mermaid diagram)")
    .option("--notices", "add notices: superusers denied apps, apps open to everyone, bindings the tables cannot express")
    .addHelpText(
      "after",
      [
        "",
        "Row order and the unbound apps' reasons come from the existing tables (--baseline, or the --inject runbook),",
        "so a regenerated runbook differs only where authentik does. --inject updates the tables row by row: rows",
        "that still hold stay byte for byte, your own columns (Notes, ...) and their cells stay with their rows, new",
        "rows get empty extra cells, rows of objects that are gone disappear; the acceptance table is never touched.",
        "",
        "--inject replaces the region between <!-- ak-access:begin --> and <!-- ak-access:end --> when the runbook has",
        "those markers (with --matrix/--notices sections too, the region's tables updated row by row); otherwise",
        "exactly the three tables, found by their headers.",
        'A "Last updated" line in that section is refreshed when the tables change. The write is atomic.',
        "",
        "Exit codes: 0 written (or up to date), 1 stale with --check, 2 could not do it.",
      ].join("\n"),
    )
    .action(async (options: ReportCommandOptions, command: Command) => {
      const { runReport } = await import("./run-report.js");
      await runReport(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
