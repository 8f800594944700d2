export { loadConfig } from "./load-config.js";
export { DEFAULTS } from "./config-types.js";
export type { Config, ConfigFlags, Env, HttpAuth, LogLevel } from "./config-types.js";
export { redactUrlCredentials } from "./parse-settings.js";
export { checkServeAccess, isLoopbackHost } from "./check-serve-access.js";
export { ConfigError } from "./config-error.js";
export type { ConfigProblem } from "./config-error.js";
export { parseDuration } from "./parse-duration.js";
export { clientTuning } from "./client-tuning.js";
