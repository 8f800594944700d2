import { sanitizeTerminalText } from "../text/index.js";

/**
 * Names in these lines come from authentik and the runbook, which anyone who may create a group or an
 * app controls: they pass the one terminal sanitiser (control characters, bidirectional overrides and
 * line separators written as `\xHH` / `\uHHHH`).
 */
export function escapeTerminal(text: string): string {
  return sanitizeTerminalText(text);
}

/** Every line escaped on its own; the separators between lines are ours, any line break inside a name is not. */
export function escapeTerminalLines(lines: readonly string[]): string {
  return `${lines.map((line) => sanitizeTerminalText(line)).join("\n")}\n`;
}
