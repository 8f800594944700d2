#!/usr/bin/env node
import { runCli } from "./cli/index.js";

const exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => new Date(),
});
process.exitCode = exitCode;
