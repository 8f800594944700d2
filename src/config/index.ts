export { loadConfig, DEFAULTS } from "./load-config.js";
export type { Config, ConfigFlags, Env, LogLevel } from "./load-config.js";
export { ConfigError } from "./config-error.js";
export type { ConfigProblem } from "./config-error.js";
export { parseDuration } from "./parse-duration.js";
