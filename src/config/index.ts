export { loadConfig, DEFAULTS, redactUrlCredentials } from "./load-config.js";
export type { Config, ConfigFlags, Env, HttpAuth, LogLevel } from "./load-config.js";
export { checkServeAccess, isLoopbackHost } from "./check-serve-access.js";
export { ConfigError } from "./config-error.js";
export type { ConfigProblem } from "./config-error.js";
export { parseDuration } from "./parse-duration.js";
