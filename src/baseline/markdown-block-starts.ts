/** How CommonMark blocks start, as far as a table can be affected: fences, HTML blocks, headings, breaks, list items. */

import { blockText } from "./markdown-lines.js";
import type { ContentLine } from "./markdown-lines.js";

export const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
export const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
export const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
export const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;

const BULLET_MARKER = /^[-+*](?=[ \t]|$)/;
const ORDERED_MARKER = /^(\d{1,9})[.)](?=[ \t]|$)/;

// CommonMark's HTML block start conditions (types 1 to 7), as markdown-it has them.
const HTML_BLOCK_NAMES =
  "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul";

const OPEN_TAG = `<[A-Za-z][A-Za-z0-9\\-]*(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*"))?)*\\s*\\/?>`;
const CLOSE_TAG = "<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>";

export const HTML_BLOCKS: readonly { start: RegExp; end: RegExp; canInterrupt: boolean }[] = [
  { start: /^<(script|pre|style|textarea)(?=(\s|>|$))/i, end: /<\/(script|pre|style|textarea)>/i, canInterrupt: true },
  { start: /^<!--/, end: /-->/, canInterrupt: true },
  { start: /^<\?/, end: /\?>/, canInterrupt: true },
  { start: /^<![A-Za-z]/, end: />/, canInterrupt: true },
  { start: /^<!\[CDATA\[/, end: /\]\]>/, canInterrupt: true },
  { start: new RegExp(`^</?(${HTML_BLOCK_NAMES})(?=(\\s|/?>|$))`, "i"), end: /^$/, canInterrupt: true },
  { start: new RegExp(`^(?:${OPEN_TAG}|${CLOSE_TAG})\\s*$`), end: /^$/, canInterrupt: false },
];

export function htmlBlockKind(text: string): number {
  if (!text.startsWith("<")) return -1;
  return HTML_BLOCKS.findIndex((kind) => kind.start.test(text));
}

export interface ListMarker {
  /** Characters of the marker itself ("-", "1."). */
  length: number;
  ordered: boolean;
  value: number;
}

export function listMarker(text: string): ListMarker | null {
  const bullet = BULLET_MARKER.exec(text);
  if (bullet) return { length: 1, ordered: false, value: 0 };
  const ordered = ORDERED_MARKER.exec(text);
  if (ordered) return { length: (ordered[1]?.length ?? 0) + 1, ordered: true, value: Number(ordered[1]) };
  return null;
}

/** "-", "+" or "*" for bullets, "." or ")" for ordered items: items with another one start another list. */
export function markerChar(text: string, marker: ListMarker): string {
  return text.charAt(marker.length - 1);
}

/**
 * Whether a line starts a block that ends a table body, a blockquote's or a list item's lazy
 * continuation (markdown-it's terminators of those: fence, blockquote, thematic break, any list item,
 * an HTML block that can interrupt a paragraph, an ATX heading).
 */
export function endsTable(line: ContentLine): boolean {
  const text = blockText(line);
  if (text === null) return false;
  return (
    isFenceOpen(text) ||
    text.startsWith(">") ||
    THEMATIC_BREAK.test(text) ||
    listMarker(text) !== null ||
    (htmlBlockKind(text) >= 0 && HTML_BLOCKS[htmlBlockKind(text)]?.canInterrupt === true) ||
    ATX_HEADING.test(text)
  );
}

/** A fence opener; a backtick fence's info string may not contain a backtick. */
export function isFenceOpen(text: string): boolean {
  const match = FENCE_OPEN.exec(text);
  return match !== null && !(match[1]?.startsWith("`") === true && (match[2] ?? "").includes("`"));
}
