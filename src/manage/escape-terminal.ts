/**
 * Names in these lines come from authentik and the runbook, which anyone who may create a group or an
 * app controls. Control characters (escape sequences that recolour or rewrite the terminal, a newline
 * that forges a line) and bidirectional overrides (that reorder what is shown) are written as `\u{..}`.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`);
}

/** Every line escaped on its own; the separators between lines are ours, any line break inside a name is not. */
export function escapeTerminalLines(lines: readonly string[]): string {
  return `${lines.map((line) => escapeTerminal(line).replace(/[\n\r\t]/g, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`)).join("\n")}\n`;
}
