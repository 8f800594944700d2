/** Lines of a Markdown document as its block containers see them: offsets, columns, indentation. */

export interface SourceLine {
  number: number;
  start: number;
  end: number;
  text: string;
}

/** A line as its container sees it: the text from `offset` on, with `column` columns of it already consumed. */
export interface ContentLine {
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

export function splitLines(source: string): SourceLine[] {
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

export function contentOf(line: ContentLine): string {
  return line.source.text.slice(line.offset);
}

export interface Indent {
  /** Columns of leading whitespace (tabs to the next multiple of 4). */
  columns: number;
  /** Characters of leading whitespace. */
  chars: number;
}

export function indentOf(line: ContentLine): Indent {
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

export function isBlank(line: ContentLine): boolean {
  return /^[ \t]*$/.test(contentOf(line));
}

/** The line after its leading whitespace, or null when it is indented four columns or more (code). */
export function blockText(line: ContentLine): string | null {
  const indent = indentOf(line);
  if (indent.columns >= 4) return null;
  return contentOf(line).slice(indent.chars);
}

/** Drop `columns` columns of leading whitespace (list item content). */
export function dropColumns(line: ContentLine, columns: number): ContentLine {
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

export function withoutIndent(line: ContentLine): ContentLine {
  const indent = indentOf(line);
  return { ...line, offset: line.offset + indent.chars, column: line.column + indent.columns };
}
