import { pino } from "pino";
import type { Logger } from "pino";
import pretty from "pino-pretty";
import type { LogLevel } from "./config/index.js";
import { sanitizeTerminalText } from "./text/index.js";

export type { Logger };

/**
 * Structured JSON logs on stderr; human-readable when stderr is a terminal. Anything that looks like
 * a credential is redacted even if a caller passes it by mistake (tokens are `Secret`s anyway). Every
 * string logged (message and fields) passes the terminal sanitiser: names from authentik and the
 * runbook reach log lines, and JSON escapes control characters but not bidi overrides, while the
 * pretty format on a terminal would print them as they are.
 */
export function createLogger(level: LogLevel, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, color = true): Logger {
  const options = {
    level,
    base: { name: "ak-access" },
    redact: {
      paths: ["token", "*.token", "authorization", "*.authorization", "headers.authorization", "*.headers.authorization"],
      censor: "[redacted]",
    },
    formatters: { log: (object: Record<string, unknown>) => sanitizeLogValue(object, 0) as Record<string, unknown> },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === "string" ? sanitizeTerminalText(arg) : arg)),
        );
      },
    },
  };
  if (stream.isTTY) {
    return pino(options, pretty({ destination: stream, colorize: color, sync: true, ignore: "pid,hostname,name" }));
  }
  return pino(options, stream);
}

const MAX_DEPTH = 6;

/** Strings sanitised, plain objects and arrays walked; errors reduced to what pino's serializer keeps. */
function sanitizeLogValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return sanitizeTerminalText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => sanitizeLogValue(item, depth + 1));
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      type: value.name,
      message: sanitizeTerminalText(value.message),
      ...(typeof code === "string" ? { code } : {}),
      ...(value.stack ? { stack: sanitizeTerminalText(value.stack, { keepNewlines: true }) } : {}),
    };
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sanitizeLogValue(item, depth + 1)]));
}
