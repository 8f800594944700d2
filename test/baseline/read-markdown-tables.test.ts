import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMarkdownTables } from "../../src/baseline/read-markdown-tables.js";
import { oracleTables } from "./markdown-oracle.js";

// Cell text that exercises the table rule and its neighbours: escaped pipes, code spans, list and heading
// markers, fences, blockquote markers, HTML, none markers.
const word = fc.constantFrom(
  "a",
  "media-users",
  "x|y",
  "a\\|b",
  "a\\\\|b",
  "`c|d`",
  "-",
  "—",
  " ",
  "**b**",
  "<br>",
  "1.",
  "#",
  ">",
  "~~~",
  "```",
);
const cellText = fc.array(word, { minLength: 0, maxLength: 3 }).map((words) => words.join(" "));
const tableBlock = fc
  .record({
    columns: fc.integer({ min: 1, max: 4 }),
    delimiterDelta: fc.constantFrom(0, 0, 0, 1, -1),
    outerPipes: fc.boolean(),
    rows: fc.array(fc.record({ cells: fc.integer({ min: 0, max: 5 }), texts: fc.array(cellText, { maxLength: 5 }) }), { maxLength: 4 }),
    header: fc.array(cellText, { minLength: 4, maxLength: 4 }),
  })
  .map(({ columns, delimiterDelta, outerPipes, rows, header }) => {
    const wrap = (cells: string[]): string => (outerPipes ? `| ${cells.join(" | ")} |` : cells.join(" | "));
    const lines = [
      wrap(header.slice(0, columns).map((cell) => cell || "h")),
      wrap(Array.from({ length: Math.max(1, columns + delimiterDelta) }, () => "---")),
    ];
    for (const row of rows) lines.push(wrap(Array.from({ length: row.cells }, (_, index) => row.texts[index] ?? "v")));
    return lines;
  });
const prefixed = (prefix: string, lines: string[]): string[] => lines.map((line) => prefix + line);

/** Blocks a runbook has, and the containers and code that decide whether a table is one. */
const block: fc.Arbitrary<string[]> = fc.oneof(
  tableBlock,
  tableBlock,
  fc.constant<string[]>([""]),
  fc.constant<string[]>([""]),
  cellText.map((text) => [text || "paragraph"]),
  fc.constant<string[]>(["## heading"]),
  fc.constant<string[]>(["---"]),
  fc.constant<string[]>(["***"]),
  fc.constant<string[]>(["==="]),
  tableBlock.map((table) => ["```", ...table, "```"]),
  tableBlock.map((table) => ["~~~~", ...table]),
  tableBlock.map((table) => prefixed("    ", table)),
  tableBlock.map((table) => ["<!--", ...table, "-->"]),
  tableBlock.map((table) => ["<details>", ...table]),
  tableBlock.map((table) => ["<details>", "", ...table]),
  tableBlock.map((table) => prefixed("> ", table)),
  tableBlock.map((table) => [...prefixed("> ", table.slice(0, 2)), ...table.slice(2)]),
  tableBlock.map((table) => prefixed(">", table)),
  tableBlock.map((table) => ["- item", "", ...prefixed("  ", table)]),
  tableBlock.map((table) => ["- item", ...prefixed("  ", table)]),
  tableBlock.map((table) => ["1. item", "", ...prefixed("   ", table)]),
  tableBlock.map((table) => ["1.  item", "", ...prefixed("    ", table)]),
  tableBlock.map((table) => ["- item", ...table]),
  tableBlock.map((table) => ["-", ...prefixed("  ", table)]),
  tableBlock.map((table) => prefixed("   ", table)),
  tableBlock.map((table) => prefixed(" ", table)),
);
const documentArbitrary = fc
  .tuple(fc.array(block, { maxLength: 8 }), fc.constantFrom("\n", "\r\n"), fc.boolean())
  .map(([blocks, eol, finalEol]) => blocks.flat().join(eol) + (finalEol ? eol : ""));

/** The reader's tables in the oracle's shape: body rows padded or cut to the header's width, as GFM renders them. */
function readerTables(markdown: string): { rows: { line: number; cells: string[] }[] }[] {
  return readMarkdownTables(markdown).map((table) => ({
    rows: [table.header, ...table.rows].map((row, index) => ({
      line: row.line,
      cells: index === 0 ? row.cells : Array.from({ length: table.header.cells.length }, (_, cell) => row.cells[cell] ?? ""),
    })),
  }));
}

describe("baseline/read-markdown-tables", () => {
  it("finds exactly the tables markdown-it finds, with their lines and cells, in generated documents", () => {
    fc.assert(
      fc.property(documentArbitrary, (markdown) => {
        expect(readerTables(markdown)).toEqual(oracleTables(markdown));
      }),
      { numRuns: 3_000 },
    );
  });

  it("gives each row's source span, so a rewrite can keep a blockquote's prefix", () => {
    const markdown = "intro\n\n> | Group | PK |\n> |---|---|\n> | media-users | `x` |\n\nafter";

    const [table] = readMarkdownTables(markdown);

    expect(table?.startLine).toBe(3);
    expect(table?.endLine).toBe(5);
    const row = table?.rows[0];
    expect(row && markdown.slice(row.lineStart, row.lineEnd)).toBe("> | media-users | `x` |");
    expect(row && markdown.slice(row.contentStart, row.lineEnd)).toBe("| media-users | `x` |");
    expect(table && markdown.slice(table.startOffset, table.endOffset)).toBe("> | Group | PK |\n> |---|---|\n> | media-users | `x` |");
  });

  it("counts a CRLF and a lone CR as one line break each", () => {
    const markdown = "| a |\r\n|---|\r\n| 1 |\r| 2 |\n";

    const [table] = readMarkdownTables(markdown);

    expect(table?.rows.map((row) => [row.line, row.cells])).toEqual([
      [3, ["1"]],
      [4, ["2"]],
    ]);
  });
});
