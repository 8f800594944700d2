import { encodeCellText } from "../baseline/index.js";

/**
 * Text for Markdown table cells and inline prose: what a CommonMark reader (and `parseBaseline`) reads
 * back is exactly the input. One implementation, the baseline's, so what the report writes the parser reads.
 */
export function escapeMarkdown(text: string): string {
  return encodeCellText(text);
}

// Backslashes, backticks and pipes inside a code span behave differently in tables and in prose; pks and
// finding kinds never contain them, and anything that does is written as escaped plain text instead.
const CODE_SPAN_SAFE = /^[^\s`\\|](?:[^`\\|\r\n]*[^\s`\\|])?$/;

/** `` `text` `` for a table cell, or the escaped plain text when a code span could not hold it unchanged. */
export function formatTableCodeSpan(text: string): string {
  return CODE_SPAN_SAFE.test(text) ? `\`${text}\`` : escapeMarkdown(text);
}
