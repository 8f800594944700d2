#!/usr/bin/env node
import { runCli } from "./cli/index.js";

const exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: touching process.stdin creates its stream, which only a command that asks should do.
  get stdin() {
    return process.stdin;
  },
  now: () => new Date(),
});
process.exitCode = exitCode;
