import { loadConfig } from "../../config/index.js";
import { createLogger } from "../../logger.js";
import { startService } from "../../main.js";
import { createPaint, renderCheckText } from "../../report/index.js";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../../simulator/index.js";
import { sanitizeTerminalText } from "../../text/index.js";
import type { CliContext } from "../cli-context.js";
import { useColor } from "../use-color.js";
import { listenForShutdown } from "../listen-for-shutdown.js";

export interface DemoCommandOptions {
  listen: string;
  state: string;
  baseline: string;
  drift: boolean;
}

/** `ak-access demo`: the service on the bundled simulator, until Ctrl-C. */
export async function runDemo(options: DemoCommandOptions, context: CliContext): Promise<void> {
  const state = await loadSimulatorState(options.state);
  const served = options.drift ? applyDemoDrift(state) : state;
  const token = served.tokens[0]?.key ?? "";
  const simulator = await startSimulator({ state: served });
  const config = loadConfig({
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: token,
    AK_ACCESS_BASELINE: options.baseline,
    AK_ACCESS_LISTEN: options.listen,
    AK_ACCESS_SCHEDULE: "* * * * *",
    AK_ACCESS_LOG_LEVEL: context.env.AK_ACCESS_LOG_LEVEL ?? "warn",
    // Beyond loopback the demo, like `serve`, needs an HTTP token or AK_ACCESS_HTTP_AUTH=none.
    AK_ACCESS_HTTP_TOKEN: context.env.AK_ACCESS_HTTP_TOKEN,
    AK_ACCESS_HTTP_TOKEN_FILE: context.env.AK_ACCESS_HTTP_TOKEN_FILE,
    AK_ACCESS_HTTP_AUTH: context.env.AK_ACCESS_HTTP_AUTH,
  });
  const logger = createLogger(config.logLevel, context.stderr as NodeJS.WritableStream, !context.env.NO_COLOR);
  const shutdown = listenForShutdown(logger);
  const service = await startService(config, { logger }).catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  await service.firstAudit;

  const paint = createPaint(useColor(context.stdout, context.env));
  const latest = service.store.latest();
  const lines = [
    paint("bold", "ak-access demo"),
    `  simulated authentik  ${simulator.url}/api/v3 (${options.drift ? "example tenant with three drifts" : "example tenant as documented"})`,
    `  baseline runbook     ${options.baseline}`,
    "",
    `  overview             ${service.url}/`,
    `  metrics              ${service.url}/metrics`,
    `  findings             ${service.url}/diff  (${service.url}/diff.md)`,
    `  quick reference      ${service.url}/report.md`,
    `  regenerated runbook  ${service.url}/runbook.md`,
    `  who can access what  ${service.url}/access.json`,
    `  snapshot             ${service.url}/snapshot.json`,
    "",
  ];
  context.stdout.write(`${lines.join("\n")}\n`);
  if (latest) {
    context.stdout.write(
      renderCheckText(
        latest.diff,
        {
          baselineFile: options.baseline,
          source: latest.snapshot.source.url,
          takenAt: latest.snapshot.takenAt,
          completenessProblems: latest.snapshot.completeness.problems,
        },
        paint,
      ),
    );
  } else {
    context.stdout.write(`the first audit failed: ${sanitizeTerminalText(service.store.status().lastError ?? "unknown error")}\n`);
  }
  context.stdout.write("\nPress Ctrl-C to stop.\n");

  await shutdown.stopOnSignal(async () => {
    await service.stop();
    await simulator.close();
  });
}
