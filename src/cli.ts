#!/usr/bin/env node
import { runCli } from "./cli/index.js";

// A reader that goes away (`ak-access check | head -1`) is not an error: the output is simply no longer
// wanted. Stop writing and exit with the command's own code, without a stack trace. Any other failure
// to write the output is one line on stderr and exit code 2.
let readerGone = false;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (readerGone || error.code === "EPIPE") {
    readerGone = true;
    process.stdout.destroy();
    return;
  }
  process.stderr.write(`ak-access: cannot write the output: ${error.code ?? error.message}\n`);
  process.exitCode = 2;
});

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
process.exitCode = process.exitCode || exitCode;
