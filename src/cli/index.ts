export { runCli, createProgram } from "./run-cli.js";
export type { CliContext, GlobalOptions, Output } from "./cli-context.js";
