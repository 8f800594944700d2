/** The GFM table rule as markdown-it implements it: header and delimiter rows with the same number of cells, then body rows. */

import { endsTable } from "./markdown-block-starts.js";
import { blockText, contentOf, indentOf } from "./markdown-lines.js";
import type { ContentLine } from "./markdown-lines.js";

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

/** The table starting at `index`, as markdown-it's GFM table rule reads it, or null. */
export function tableAt(lines: readonly ContentLine[], index: number): { table: MarkdownTable; next: number } | null {
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
