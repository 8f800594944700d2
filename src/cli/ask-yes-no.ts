import { createInterface } from "node:readline";
import type { CliContext } from "./cli-context.js";

/**
 * Ask "(y/N)" on stderr and read one line from a terminal; anything but y or yes is no. Null when
 * there is no terminal to ask, so the caller can demand --yes instead of hanging on a pipe.
 */
export async function askYesNo(context: CliContext, question: string): Promise<boolean | null> {
  const input = context.stdin;
  if (input?.isTTY !== true) return null;
  context.stderr.write(`${question} (y/N) `);
  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) return /^\s*y(es)?\s*$/i.test(line);
    return false;
  } finally {
    lines.close();
  }
}
