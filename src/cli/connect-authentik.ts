import { createAuthentikClient } from "../authentik/index.js";
import type { AuthentikClient } from "../authentik/index.js";
import { clientTuning } from "../config/index.js";
import type { Config } from "../config/index.js";
import { AuditorError } from "../errors.js";
import { createLogger } from "../logger.js";
import type { CliContext } from "./cli-context.js";

/** A client for the configured authentik; read-only unless a write command asks otherwise. */
export function connect(config: Readonly<Config>, context: CliContext, access: "read-only" | "read-write"): AuthentikClient {
  const missing: string[] = [];
  if (!config.url) missing.push("AUTHENTIK_URL (or AK_API, or --url) is not set: expected the authentik base URL");
  if (!config.token)
    missing.push("AUTHENTIK_TOKEN (or AK_TOKEN, AUTHENTIK_TOKEN_FILE, --token-file) is not set: expected an authentik API token");
  if (missing.length > 0 || !config.url || !config.token) {
    const hint = access === "read-only" ? "\n  (or pass --snapshot FILE to work offline from a saved snapshot)" : "";
    throw new AuditorError("config", `authentik is not configured:\n  ${missing.join("\n  ")}${hint}`);
  }
  return createAuthentikClient({
    baseUrl: config.url,
    token: config.token,
    readOnly: access === "read-only",
    ...clientTuning(config),
    logger: createLogger(config.logLevel, context.stderr as NodeJS.WritableStream, !context.env.NO_COLOR),
  });
}
