export { runCli, createProgram } from "./run-cli.js";
export type { CliContext, GlobalOptions, Input, Output } from "./cli-context.js";
