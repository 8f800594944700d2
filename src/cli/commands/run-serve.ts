import { validateSchedule } from "../../audit/index.js";
import { ConfigError, loadConfig } from "../../config/index.js";
import { createLogger } from "../../logger.js";
import { startService } from "../../main.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { listenForShutdown } from "../listen-for-shutdown.js";

export interface ServeCommandOptions {
  listen?: string;
  schedule?: string;
  watchInterval?: string;
}

/** `ak-access serve`: the service, until SIGTERM or SIGINT. */
export async function runServe(options: ServeCommandOptions, globals: GlobalOptions, context: CliContext): Promise<void> {
  const config = loadConfig(context.env, {
    ...globals,
    listen: options.listen,
    schedule: options.schedule,
    watchInterval: options.watchInterval,
  });
  try {
    validateSchedule(config.schedule);
  } catch (error) {
    throw new ConfigError([
      {
        key: options.schedule ? "--schedule" : "AK_ACCESS_SCHEDULE",
        value: config.schedule,
        expected: `a croner expression (${(error as Error).message})`,
      },
    ]);
  }
  const logger = createLogger(config.logLevel, context.stderr as NodeJS.WritableStream, !context.env.NO_COLOR);
  const shutdown = listenForShutdown(logger);
  const service = await startService(config, { logger });
  await shutdown.stopOnSignal(service.stop);
}
