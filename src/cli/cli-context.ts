import type { Env } from "../config/index.js";

export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Where a write command reads the answer to "go ahead? (y/N)"; only a terminal is ever asked. */
export type Input = NodeJS.ReadableStream & { isTTY?: boolean };

/** Everything a command touches outside itself, passed in so tests run commands in-process. */
export interface CliContext {
  env: Env;
  stdout: Output;
  stderr: Output;
  /** Absent, or not a terminal: a write that needs confirmation needs --yes instead. */
  stdin?: Input;
  now: () => Date;
}

/** Global options, shared by every command (PRODUCT.md sections 2 and 6). */
export interface GlobalOptions {
  url?: string;
  tokenFile?: string;
  baseline?: string;
  snapshot?: string;
  timeoutMs?: string;
  concurrency?: string;
  caFile?: string;
  logLevel?: string;
  maxResponseBytes?: string;
  maxRunbookBytes?: string;
}

/** Thrown by a command that finished and wants a particular exit code (drift found, stale file). */
export class ExitCode extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.exitCode = exitCode;
  }
}
