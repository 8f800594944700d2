/**
 * Text for Markdown table cells (and inline prose): what `parseBaseline` reads back through a GFM parse
 * and mdast-util-to-string is exactly the input, with line breaks turned into spaces.
 */

// Every character that can start inline syntax (emphasis, code, links, autolinks and HTML, entities,
// strikethrough) or end a table cell. A backslash before ASCII punctuation always reads as that character.
const ALWAYS_ESCAPED = /[\\`*[\]<>&~|]/g;
const LINE_BREAK = /\r\n|\r|\n/g;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

export function escapeMarkdown(text: string): string {
  return text
    .replace(LINE_BREAK, " ")
    .replace(ALWAYS_ESCAPED, (character) => `\\${character}`)
    .replace(/_/g, (underscore, index: number, whole: string) => (isIntraword(whole, index) ? underscore : "\\_"));
}

/**
 * An underscore between two letters or digits cannot open or close emphasis in CommonMark, so
 * `proxmox_admins` stays readable as written; anywhere else it is escaped.
 */
function isIntraword(text: string, index: number): boolean {
  return WORD_CHARACTER.test(text[index - 1] ?? "") && WORD_CHARACTER.test(text[index + 1] ?? "");
}

// Backslashes, backticks and pipes inside a code span behave differently in tables and in prose; pks and
// finding kinds never contain them, and anything that does is written as escaped plain text instead.
const CODE_SPAN_SAFE = /^[^\s`\\|](?:[^`\\|\r\n]*[^\s`\\|])?$/;

/** `` `text` `` for a table cell, or the escaped plain text when a code span could not hold it unchanged. */
export function formatTableCodeSpan(text: string): string {
  return CODE_SPAN_SAFE.test(text) ? `\`${text}\`` : escapeMarkdown(text);
}
