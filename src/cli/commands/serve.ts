import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import type { ServeCommandOptions } from "./run-serve.js";

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("the service: audit at start-up and on a schedule; serve metrics, the diff, the reports and the snapshot over HTTP")
    .option("--listen <host:port>", "HTTP listen address (env AK_ACCESS_LISTEN, default 127.0.0.1:9851)")
    .option("--schedule <cron>", "audit schedule, croner syntax (env AK_ACCESS_SCHEDULE, default */5 * * * *)")
    .option(
      "--watch-interval <duration>",
      "how often to ask authentik's event log for changes, e.g. 15s; 0 = only the schedule (env AK_ACCESS_WATCH_INTERVAL, default 15s)",
    )
    .addHelpText(
      "after",
      [
        "",
        "Read-only against authentik. The runbook is re-read at every audit; a broken edit keeps the last good",
        "baseline (ak_access_baseline_valid 0). A failed audit never replaces the last good result (ak_access_up 0).",
        "Set AK_ACCESS_HTTP_TOKEN (or _FILE) to require `Authorization: Bearer` on every route but /healthz and /readyz.",
        "A write to a group, user, application, policy binding, policy or the tenant's settings (seen in the event log)",
        "starts an audit within a poll; bursts are coalesced. AK_ACCESS_EVENTS_WINDOW (default 30d) bounds attribution;",
        "AK_ACCESS_VERIFY_SAMPLE checks that many pairs against authentik's check_access after each audit (default 0, off).",
        "Routes: / /metrics /report.md /runbook.md /diff /diff.md /snapshot.json /access.json /healthz /readyz, POST /-/refresh.",
        "Stops on SIGTERM/SIGINT (a second signal exits at once).",
      ].join("\n"),
    )
    .action(async (options: ServeCommandOptions, command: Command) => {
      const { runServe } = await import("./run-serve.js");
      await runServe(options, command.optsWithGlobals<GlobalOptions>(), context);
    });
}
