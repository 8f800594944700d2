import { sanitizeTerminalText } from "../text/index.js";
import type { Output } from "./cli-context.js";

/**
 * JSON, Markdown and patches go into a pipe or a file exactly as made, names and all; printed on a
 * terminal, their control characters are made visible like every other name (the terminal would act
 * on them). Text output is sanitised where it is rendered and goes out directly.
 */
export function printData(stdout: Output, text: string): void {
  stdout.write(stdout.isTTY ? sanitizeTerminalText(text, { keepNewlines: true }) : text);
}
