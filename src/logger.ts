import { pino } from "pino";
import type { Logger } from "pino";
import pretty from "pino-pretty";
import type { LogLevel } from "./config/index.js";

export type { Logger };

/**
 * Structured JSON logs on stderr; human-readable when stderr is a terminal. Anything that looks like
 * a credential is redacted even if a caller passes it by mistake (tokens are `Secret`s anyway).
 */
export function createLogger(level: LogLevel, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, color = true): Logger {
  const options = {
    level,
    base: { name: "ak-access" },
    redact: {
      paths: ["token", "*.token", "authorization", "*.authorization", "headers.authorization", "*.headers.authorization"],
      censor: "[redacted]",
    },
  };
  if (stream.isTTY) {
    return pino(options, pretty({ destination: stream, colorize: color, sync: true, ignore: "pid,hostname,name" }));
  }
  return pino(options, stream);
}
