/**
 * Finds the GFM tables of a Markdown document, line by line, without building a syntax tree: a
 * 3 MB runbook reads in tens of milliseconds instead of seconds, and every row keeps its line and its
 * exact source span, which the in-place rewrite needs.
 *
 * It follows CommonMark's block structure as far as tables can be affected by it: fenced and indented
 * code, HTML blocks, headings, thematic breaks, paragraphs (a table may interrupt one), blockquotes and
 * list items (tables inside them count, with their container prefix), lazy continuation lines. The
 * table rule itself is GFM's as markdown-it implements it (header and delimiter rows with the same
 * number of cells, body rows until a blank line or another block). test/baseline/read-markdown-tables
 * checks it against markdown-it on generated documents.
 */

/** One table, with the source spans the rewrite needs. Lines are 1-based, offsets UTF-16 indexes. */
export interface MarkdownTable {
  header: MarkdownTableRow;
  delimiter: MarkdownTableRow;
  rows: MarkdownTableRow[];
  /** First line of the header row. */
  startLine: number;
  /** Line of the last row (the delimiter row when there is no body). */
  endLine: number;
  /** Offset of the header row's first character (its container prefix included). */
  startOffset: number;
  /** Offset just after the last row's last character, before its line break. */
  endOffset: number;
}

export interface MarkdownTableRow {
  line: number;
  /** Offset of the line's first character. */
  lineStart: number;
  /** Offset where the row's own text starts, after any blockquote or list-item prefix. */
  contentStart: number;
  /** Offset of the line's end, before its line break. */
  lineEnd: number;
  /**
   * The raw text of each cell, trimmed, with `\|` turned into `|` as GFM does before inline parsing.
   * Body rows keep the cells they have: fewer than the header's means the rest are empty, more are ignored.
   */
  cells: string[];
}

interface SourceLine {
  number: number;
  start: number;
  end: number;
  text: string;
}

/** A line as its container sees it: the text from `offset` on, with `column` columns of it already consumed. */
interface ContentLine {
  source: SourceLine;
  offset: number;
  column: number;
  /**
   * A lazy continuation line, taken by a container although it lacks the container's prefix or
   * indentation. markdown-it treats one taken by a blockquote as indented -1 (it never ends a paragraph)
   * and one taken by a list item with its real, smaller indentation (it may start a table whose
   * delimiter row is inside the item).
   */
  lazy?: "quote" | "item";
}

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

function splitLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  // The next CR at or after `start`, found once and reused, so a CR far away costs one search, not one per line.
  let carriage = source.indexOf("\r");
  let start = 0;
  let number = 1;
  while (start <= source.length) {
    let end = source.indexOf("\n", start);
    if (end === -1) end = source.length;
    let next = end + 1;
    if (carriage !== -1 && carriage < start) carriage = source.indexOf("\r", start);
    // A lone CR ends a line too; CRLF is one line break.
    if (carriage !== -1 && carriage < end) {
      end = carriage;
      next = source.charCodeAt(carriage + 1) === 10 ? carriage + 2 : carriage + 1;
    }
    lines.push({ number, start, end, text: source.slice(start, end) });
    number += 1;
    if (end === source.length) break;
    start = next;
    // A final line break does not start another line.
    if (start === source.length) break;
  }
  return lines;
}

function contentOf(line: ContentLine): string {
  return line.source.text.slice(line.offset);
}

interface Indent {
  /** Columns of leading whitespace (tabs to the next multiple of 4). */
  columns: number;
  /** Characters of leading whitespace. */
  chars: number;
}

function indentOf(line: ContentLine): Indent {
  const text = line.source.text;
  let column = line.column;
  let index = line.offset;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 32) column += 1;
    else if (code === 9) column += 4 - (column % 4);
    else break;
    index += 1;
  }
  return { columns: column - line.column, chars: index - line.offset };
}

function isBlank(line: ContentLine): boolean {
  return /^[ \t]*$/.test(contentOf(line));
}

/** The line after its leading whitespace, or null when it is indented four columns or more (code). */
function blockText(line: ContentLine): string | null {
  const indent = indentOf(line);
  if (indent.columns >= 4) return null;
  return contentOf(line).slice(indent.chars);
}

/** Drop `columns` columns of leading whitespace (list item content). */
function dropColumns(line: ContentLine, columns: number): ContentLine {
  const text = line.source.text;
  let column = line.column;
  let index = line.offset;
  const target = line.column + columns;
  while (index < text.length && column < target) {
    const code = text.charCodeAt(index);
    if (code === 32) column += 1;
    else if (code === 9) column += 4 - (column % 4);
    else break;
    index += 1;
  }
  return { source: line.source, offset: index, column };
}

// ------------------------------------------------------------------------------------ block starts

const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;
const BULLET_MARKER = /^[-+*](?=[ \t]|$)/;
const ORDERED_MARKER = /^(\d{1,9})[.)](?=[ \t]|$)/;

// CommonMark's HTML block start conditions (types 1 to 7), as markdown-it has them.
const HTML_BLOCK_NAMES =
  "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul";
const OPEN_TAG = `<[A-Za-z][A-Za-z0-9\\-]*(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*"))?)*\\s*\\/?>`;
const CLOSE_TAG = "<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>";
const HTML_BLOCKS: readonly { start: RegExp; end: RegExp; canInterrupt: boolean }[] = [
  { start: /^<(script|pre|style|textarea)(?=(\s|>|$))/i, end: /<\/(script|pre|style|textarea)>/i, canInterrupt: true },
  { start: /^<!--/, end: /-->/, canInterrupt: true },
  { start: /^<\?/, end: /\?>/, canInterrupt: true },
  { start: /^<![A-Za-z]/, end: />/, canInterrupt: true },
  { start: /^<!\[CDATA\[/, end: /\]\]>/, canInterrupt: true },
  { start: new RegExp(`^</?(${HTML_BLOCK_NAMES})(?=(\\s|/?>|$))`, "i"), end: /^$/, canInterrupt: true },
  { start: new RegExp(`^(?:${OPEN_TAG}|${CLOSE_TAG})\\s*$`), end: /^$/, canInterrupt: false },
];

function htmlBlockKind(text: string): number {
  if (!text.startsWith("<")) return -1;
  return HTML_BLOCKS.findIndex((kind) => kind.start.test(text));
}

interface ListMarker {
  /** Characters of the marker itself ("-", "1."). */
  length: number;
  ordered: boolean;
  value: number;
}

function listMarker(text: string): ListMarker | null {
  const bullet = BULLET_MARKER.exec(text);
  if (bullet) return { length: 1, ordered: false, value: 0 };
  const ordered = ORDERED_MARKER.exec(text);
  if (ordered) return { length: (ordered[1]?.length ?? 0) + 1, ordered: true, value: Number(ordered[1]) };
  return null;
}

/**
 * Whether a line starts a block that ends a table body, a blockquote's or a list item's lazy
 * continuation (markdown-it's terminators of those: fence, blockquote, thematic break, any list item,
 * an HTML block that can interrupt a paragraph, an ATX heading).
 */
function endsTable(line: ContentLine): boolean {
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

/**
 * Whether a line may interrupt a paragraph in its own container. (A lazy continuation line, outside the
 * container, is ended by the blocks that end a table instead: see `endsTable`.)
 */
function interruptsParagraph(lines: readonly ContentLine[], index: number): boolean {
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

/** A fence opener; a backtick fence's info string may not contain a backtick. */
function isFenceOpen(text: string): boolean {
  const match = FENCE_OPEN.exec(text);
  return match !== null && !(match[1]?.startsWith("`") === true && (match[2] ?? "").includes("`"));
}

// ------------------------------------------------------------------------------------ the scanner

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

/** "-", "+" or "*" for bullets, "." or ")" for ordered items: items with another one start another list. */
function markerChar(text: string, marker: ListMarker): string {
  return text.charAt(marker.length - 1);
}

function skipIndentedCode(lines: readonly ContentLine[], index: number): number {
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

function skipFence(lines: readonly ContentLine[], index: number, text: string): number {
  const marker = (FENCE_OPEN.exec(text)?.[1] ?? "```") as string;
  const closing = new RegExp(`^${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
  for (let next = index + 1; next < lines.length; next += 1) {
    const candidate = blockText(lines[next] as ContentLine);
    if (candidate !== null && closing.test(candidate)) return next + 1;
  }
  return lines.length;
}

function skipHtmlBlock(lines: readonly ContentLine[], index: number, kind: number): number {
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

function skipParagraph(lines: readonly ContentLine[], index: number): { next: number; open: boolean } {
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

function withoutIndent(line: ContentLine): ContentLine {
  const indent = indentOf(line);
  return { ...line, offset: line.offset + indent.chars, column: line.column + indent.columns };
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

// ------------------------------------------------------------------------------------ tables

/** The table starting at `index`, as markdown-it's GFM table rule reads it, or null. */
function tableAt(lines: readonly ContentLine[], index: number): { table: MarkdownTable; next: number } | null {
  const headerLine = lines[index];
  const delimiterLine = lines[index + 1];
  if (headerLine === undefined || delimiterLine === undefined || delimiterLine.lazy) return null;
  const delimiterText = blockText(delimiterLine);
  if (delimiterText === null || !isDelimiterRow(delimiterText)) return null;
  const aligns = delimiterCells(delimiterText);
  if (aligns === null) return null;
  const headerText = blockText(headerLine);
  if (headerText === null) return null;
  const header = headerText.trim();
  if (!header.includes("|")) return null;
  const headerCells = trimOuterCells(splitCells(header));
  if (headerCells.length === 0 || headerCells.length !== aligns) return null;

  const rows: MarkdownTableRow[] = [];
  let next = index + 2;
  let autocompleted = 0;
  while (next < lines.length) {
    const line = lines[next] as ContentLine;
    if (line.lazy || endsTable(line)) break;
    const text = contentOf(line).trim();
    if (text === "") break;
    if (indentOf(line).columns >= 4) break;
    const cells = trimOuterCells(splitCells(text));
    autocompleted += headerCells.length - cells.length;
    if (autocompleted > 65_536) break;
    rows.push(toRow(line, cells));
    next += 1;
  }

  const headerRow = toRow(headerLine, headerCells);
  const delimiterRow = toRow(delimiterLine, trimOuterCells(delimiterText.trim().split("|")));
  const last = rows[rows.length - 1] ?? delimiterRow;
  return {
    table: {
      header: headerRow,
      delimiter: delimiterRow,
      rows,
      startLine: headerRow.line,
      endLine: last.line,
      startOffset: headerRow.lineStart,
      endOffset: last.lineEnd,
    },
    next,
  };
}

function toRow(line: ContentLine, cells: string[]): MarkdownTableRow {
  return {
    line: line.source.number,
    lineStart: line.source.start,
    contentStart: line.source.start + line.offset,
    lineEnd: line.source.end,
    cells: cells.map((cell) => cell.trim()),
  };
}

function isDelimiterRow(text: string): boolean {
  const first = text.charCodeAt(0);
  const second = text.charCodeAt(1);
  if (first !== 124 && first !== 45 && first !== 58) return false;
  if (text.length < 2) return false;
  if (second !== 124 && second !== 45 && second !== 58 && second !== 32 && second !== 9) return false;
  if (first === 45 && (second === 32 || second === 9)) return false;
  return /^[|\-: \t]*$/.test(text);
}

/** The number of columns a delimiter row declares, or null when a cell is not `:?-+:?`. */
function delimiterCells(text: string): number | null {
  const cells = text.split("|");
  let count = 0;
  for (let index = 0; index < cells.length; index += 1) {
    const cell = (cells[index] as string).trim();
    if (cell === "") {
      if (index === 0 || index === cells.length - 1) continue;
      return null;
    }
    if (!/^:?-+:?$/.test(cell)) return null;
    count += 1;
  }
  return count;
}

/** markdown-it's escapedSplit: a `|` right after a backslash is text, and that backslash goes. */
function splitCells(text: string): string[] {
  const cells: string[] = [];
  let current = "";
  let last = 0;
  let escaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 124) {
      if (!escaped) {
        cells.push(current + text.slice(last, index));
        current = "";
        last = index + 1;
      } else {
        current += text.slice(last, index - 1);
        last = index;
      }
    }
    escaped = code === 92;
  }
  cells.push(current + text.slice(last));
  return cells;
}

function trimOuterCells(cells: string[]): string[] {
  const result = [...cells];
  if (result.length > 0 && result[0] === "") result.shift();
  if (result.length > 0 && result[result.length - 1] === "") result.pop();
  return result;
}
