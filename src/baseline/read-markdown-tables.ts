/**
 * Finds the GFM tables of a Markdown document, line by line, without building a syntax tree: a
 * 50,000-user runbook reads in a small fraction of what a full Markdown parser needs, and every row
 * keeps its line and its exact source span, which the in-place rewrite needs.
 *
 * It follows CommonMark's block structure as far as tables can be affected by it: fenced and indented
 * code, HTML blocks, headings, thematic breaks, paragraphs (a table may interrupt one), blockquotes and
 * list items (tables inside them count, with their container prefix), lazy continuation lines. The
 * table rule itself is GFM's as markdown-it implements it (header and delimiter rows with the same
 * number of cells, body rows until a blank line or another block). test/baseline/read-markdown-tables
 * checks it against markdown-it on generated documents.
 */

import { ATX_HEADING, THEMATIC_BREAK, endsTable, htmlBlockKind, isFenceOpen, listMarker, markerChar } from "./markdown-block-starts.js";
import type { ListMarker } from "./markdown-block-starts.js";
import { skipFence, skipHtmlBlock, skipIndentedCode, skipParagraph } from "./markdown-leaf-blocks.js";
import { blockText, contentOf, dropColumns, indentOf, isBlank, splitLines, withoutIndent } from "./markdown-lines.js";
import type { ContentLine } from "./markdown-lines.js";
import { tableAt } from "./read-gfm-table.js";
import type { MarkdownTable } from "./read-gfm-table.js";

export type { MarkdownTable, MarkdownTableRow } from "./read-gfm-table.js";

interface BlockScan {
  tables: MarkdownTable[];
  /** The last block is a paragraph still open for lazy continuation lines. */
  openParagraph: boolean;
  /**
   * The index of a lazy line that no paragraph took: the container ends there and the line is read
   * again outside it (markdown-it's tokenizer stops at such a line). Null when every line was read.
   */
  stoppedAt: number | null;
}

export function readMarkdownTables(source: string): MarkdownTable[] {
  const lines = splitLines(source);
  return scanBlocks(lines.map((line) => ({ source: line, offset: 0, column: 0 }))).tables;
}

function scanBlocks(lines: readonly ContentLine[]): BlockScan {
  const tables: MarkdownTable[] = [];
  let openParagraph = false;
  // The marker of the list the last block belongs to: a further item of it is never a table's header.
  let listMarkerChar: string | null = null;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as ContentLine;
    if (isBlank(line)) {
      openParagraph = false;
      index += 1;
      continue;
    }
    if (line.lazy) return { tables, openParagraph: false, stoppedAt: index };
    const text = blockText(line);
    if (text === null) {
      // Indented code: it cannot interrupt a paragraph, so such a line only continues one.
      if (!openParagraph) index = skipIndentedCode(lines, index);
      else index += 1;
      listMarkerChar = null;
      continue;
    }
    openParagraph = false;

    const marker = listMarker(text);
    const continuesList = marker !== null && listMarkerChar === markerChar(text, marker) && !THEMATIC_BREAK.test(text);
    const table = continuesList ? null : tableAt(lines, index);
    listMarkerChar = null;
    if (table) {
      tables.push(table.table);
      index = table.next;
      continue;
    }
    if (isFenceOpen(text)) {
      index = skipFence(lines, index, text);
      continue;
    }
    const html = htmlBlockKind(text);
    if (html >= 0) {
      index = skipHtmlBlock(lines, index, html);
      continue;
    }
    if (text.startsWith(">")) {
      const quote = collectBlockquote(lines, index);
      tables.push(...quote.scan.tables);
      openParagraph = quote.scan.openParagraph;
      index = quote.next;
      continue;
    }
    if (THEMATIC_BREAK.test(text) || ATX_HEADING.test(text)) {
      index += 1;
      continue;
    }
    if (marker) {
      const item = collectListItem(lines, index, marker);
      tables.push(...item.scan.tables);
      openParagraph = item.scan.openParagraph;
      listMarkerChar = markerChar(text, marker);
      index = item.next;
      continue;
    }
    const paragraph = skipParagraph(lines, index);
    index = paragraph.next;
    openParagraph = paragraph.open;
  }
  return { tables, openParagraph, stoppedAt: null };
}

interface ContainerScan {
  scan: BlockScan;
  next: number;
}

function collectBlockquote(lines: readonly ContentLine[], index: number): ContainerScan {
  const inner: ContentLine[] = [];
  let next = index;
  let lazy = false;
  while (next < lines.length) {
    const line = lines[next] as ContentLine;
    // After the first line, a ">" continues the quote however far it is indented (as markdown-it reads it).
    if (!line.lazy && contentOf(line).trimStart().startsWith(">")) {
      inner.push(stripQuoteMarker(line));
      lazy = false;
      next += 1;
      continue;
    }
    const previous = inner[inner.length - 1];
    if (isBlank(line) || previous === undefined || isBlank(previous)) break;
    // A lazy continuation line continues a paragraph inside the quote unless it starts a block that ends
    // the quote (the same blocks that end a table, list items of any kind included).
    if (!endsLazyContinuation(line) && (lazy || scanBlocks(inner).openParagraph)) {
      inner.push({ ...line, lazy: "quote" });
      lazy = true;
      next += 1;
      continue;
    }
    break;
  }
  return endContainer(inner, index, next);
}

/** Scan a container's lines; a lazy line no paragraph took ends the container there. */
function endContainer(inner: readonly ContentLine[], start: number, next: number): ContainerScan {
  const scan = scanBlocks(inner);
  return { scan, next: scan.stoppedAt === null ? next : start + scan.stoppedAt };
}

/** A line that a container already took lazily is judged without its indentation, as markdown-it does. */
function endsLazyContinuation(line: ContentLine): boolean {
  return endsTable(line.lazy ? withoutIndent(line) : line);
}

function stripQuoteMarker(line: ContentLine): ContentLine {
  const indent = indentOf(line);
  const markerIndex = line.offset + indent.chars;
  let offset = markerIndex + 1;
  let column = line.column + indent.columns + 1;
  // One optional space (or a tab's worth) after ">".
  const after = line.source.text.charCodeAt(offset);
  if (after === 32) {
    offset += 1;
    column += 1;
  } else if (after === 9) {
    column += 1;
    // A tab after ">" is partly consumed; keep the rest as indentation, approximately.
    return { source: line.source, offset: offset + 1, column: column + (3 - ((column - 1) % 4)) };
  }
  return { source: line.source, offset, column };
}

function collectListItem(lines: readonly ContentLine[], index: number, marker: ListMarker): ContainerScan {
  const first = lines[index] as ContentLine;
  const indent = indentOf(first);
  const afterMarker: ContentLine = {
    source: first.source,
    offset: first.offset + indent.chars + marker.length,
    column: first.column + indent.columns + marker.length,
  };
  const spaces = indentOf(afterMarker);
  const empty = isBlank(afterMarker);
  const spacesAfter = empty || spaces.columns > 4 ? 1 : spaces.columns;
  const width = indent.columns + marker.length + spacesAfter;
  const firstContent = empty ? afterMarker : dropColumns(afterMarker, spacesAfter);

  const inner: ContentLine[] = [firstContent];
  let next = index + 1;
  // An item that starts with a blank line and is followed by another is empty.
  if (empty && next < lines.length && isBlank(lines[next] as ContentLine)) {
    return { scan: { tables: [], openParagraph: false, stoppedAt: null }, next };
  }
  let lazy = false;
  while (next < lines.length) {
    const line = lines[next] as ContentLine;
    if (isBlank(line)) {
      inner.push(line);
      lazy = false;
      next += 1;
      continue;
    }
    if (!line.lazy && indentOf(line).columns >= width) {
      inner.push(dropColumns(line, width));
      lazy = false;
      next += 1;
      continue;
    }
    const previous = inner[inner.length - 1];
    const continues = lazy || (previous !== undefined && !isBlank(previous) && scanBlocks(inner).openParagraph);
    // A line a blockquote took lazily continues the paragraph whatever it holds (markdown-it: indent -1).
    if (continues && (line.lazy === "quote" || !endsTable(withoutIndent(line)))) {
      inner.push({ ...line, lazy: line.lazy ?? "item" });
      lazy = true;
      next += 1;
      continue;
    }
    break;
  }
  // Trailing blank lines belong to whatever follows.
  while (next > index + 1 && inner.length > 1 && isBlank(inner[inner.length - 1] as ContentLine)) {
    inner.pop();
    next -= 1;
  }
  return endContainer(inner, index, next);
}
