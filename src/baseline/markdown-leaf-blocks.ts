/** Leaf blocks a table cannot be inside of: where indented code, fences, HTML blocks and paragraphs end. */

import {
  ATX_HEADING,
  FENCE_OPEN,
  HTML_BLOCKS,
  SETEXT_UNDERLINE,
  THEMATIC_BREAK,
  htmlBlockKind,
  isFenceOpen,
  listMarker,
} from "./markdown-block-starts.js";
import { blockText, contentOf, indentOf, isBlank } from "./markdown-lines.js";
import type { ContentLine } from "./markdown-lines.js";
import { tableAt } from "./read-gfm-table.js";

/**
 * Whether a line may interrupt a paragraph in its own container. (A lazy continuation line, outside the
 * container, is ended by the blocks that end a table instead: see `endsTable`.)
 */
export function interruptsParagraph(lines: readonly ContentLine[], index: number): boolean {
  const line = lines[index];
  if (line === undefined) return false;
  const text = blockText(line);
  if (text === null) return false;
  if (isFenceOpen(text)) return true;
  if (text.startsWith(">") || THEMATIC_BREAK.test(text) || ATX_HEADING.test(text)) return true;
  const html = htmlBlockKind(text);
  if (html >= 0 && HTML_BLOCKS[html]?.canInterrupt === true) return true;
  const marker = listMarker(text);
  if (marker && (!marker.ordered || marker.value === 1) && !/^[ \t]*$/.test(text.slice(marker.length))) return true;
  return tableAt(lines, index) !== null;
}

export function skipIndentedCode(lines: readonly ContentLine[], index: number): number {
  let next = index + 1;
  let last = next;
  while (next < lines.length) {
    const line = lines[next] as ContentLine;
    if (isBlank(line)) {
      next += 1;
      continue;
    }
    if (indentOf(line).columns >= 4) {
      next += 1;
      last = next;
      continue;
    }
    break;
  }
  return last;
}

export function skipFence(lines: readonly ContentLine[], index: number, text: string): number {
  const marker = (FENCE_OPEN.exec(text)?.[1] ?? "```") as string;
  const closing = new RegExp(`^${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
  for (let next = index + 1; next < lines.length; next += 1) {
    const candidate = blockText(lines[next] as ContentLine);
    if (candidate !== null && closing.test(candidate)) return next + 1;
  }
  return lines.length;
}

export function skipHtmlBlock(lines: readonly ContentLine[], index: number, kind: number): number {
  const { end } = HTML_BLOCKS[kind] as (typeof HTML_BLOCKS)[number];
  const first = contentOf(lines[index] as ContentLine);
  if (end.test("")) {
    // Types 6 and 7 end at a blank line.
    let next = index + 1;
    while (next < lines.length && !isBlank(lines[next] as ContentLine)) next += 1;
    return next;
  }
  if (end.test(first)) return index + 1;
  for (let next = index + 1; next < lines.length; next += 1) {
    if (end.test(contentOf(lines[next] as ContentLine))) return next + 1;
  }
  return lines.length;
}

export function skipParagraph(lines: readonly ContentLine[], index: number): { next: number; open: boolean } {
  let next = index + 1;
  while (next < lines.length) {
    const line = lines[next] as ContentLine;
    if (isBlank(line)) return { next, open: false };
    if (line.lazy === "quote" || (line.lazy === "item" && tableAt(lines, next) === null)) {
      next += 1;
      continue;
    }
    if (line.lazy === "item") return { next, open: false };
    const text = blockText(line);
    // A setext underline closes the paragraph as a heading.
    if (text !== null && SETEXT_UNDERLINE.test(text)) return { next: next + 1, open: false };
    if (interruptsParagraph(lines, next)) return { next, open: false };
    next += 1;
  }
  return { next, open: true };
}
