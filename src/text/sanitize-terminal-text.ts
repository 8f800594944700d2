/**
 * Characters a terminal acts on instead of printing: C0 controls (ESC starts every escape sequence;
 * BEL and BS rewrite what was printed), DEL, C1 controls (U+009B is a one-character CSI on some
 * terminals), the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks
 * (U+061C, U+200E, U+200F) that reorder a line as it is displayed, and the Unicode line and paragraph
 * separators (U+2028, U+2029) that some terminals and editors break lines on.
 */
const CONTROL = "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const UNSAFE = new RegExp(`[${CONTROL}]`, "u");
// A backslash is doubled only where it could be read as the start of an escape this function writes
// (before x, u, another backslash or an escaped character), so ordinary paths and text stay as they are.
const ESCAPES = new RegExp(`[${CONTROL}]|\\\\(?=[xu\\\\${CONTROL}])`, "gu");
const ESCAPES_KEEPING_NEWLINES = new RegExp(`(?!\\n)[${CONTROL}]|\\\\(?=[xu\\\\${CONTROL}])`, "gu");

export interface SanitizeOptions {
  /** Keep line feeds: for a message whose own lines the caller composed from already-sanitised parts. */
  keepNewlines?: boolean;
}

/**
 * Make a string from authentik or the runbook safe to print on a terminal or in a log line: every
 * control character becomes visible text instead of acting. Characters below U+0100 are written
 * `\xHH` (ESC is `\x1b`, a line feed `\x0a`), the others `\uHHHH` (a right-to-left override is
 * `\u202e`), in lower-case hex; a backslash that could be read as the start of such an escape is
 * written `\\`, so the output reads back unambiguously. Everything else (letters of any script,
 * emoji, combining marks) is kept as it is.
 */
export function sanitizeTerminalText(text: string, options: SanitizeOptions = {}): string {
  if (!UNSAFE.test(text) && !text.includes("\\")) return text;
  return text.replace(options.keepNewlines ? ESCAPES_KEEPING_NEWLINES : ESCAPES, escapeOne);
}

function escapeOne(match: string): string {
  if (match === "\\") return "\\\\";
  const code = match.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
