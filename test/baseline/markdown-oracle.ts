import MarkdownIt from "markdown-it";

/** A table as markdown-it (CommonMark + GFM tables) sees it: its rows' 1-based lines and cells. */
export interface OracleTable {
  rows: { line: number; cells: string[] }[];
}

const markdownIt = new MarkdownIt("commonmark").enable("table");
// Tables are block structure: inline parsing would only cost time.
markdownIt.core.ruler.disable(["inline", "text_join"]);

/** The oracle the line-oriented reader is held to: every table markdown-it finds, in document order. */
export function oracleTables(markdown: string): OracleTable[] {
  const tables: OracleTable[] = [];
  let current: OracleTable | null = null;
  let row: { line: number; cells: string[] } | null = null;
  for (const token of markdownIt.parse(markdown, {})) {
    if (token.type === "table_open") {
      current = { rows: [] };
      tables.push(current);
    } else if (token.type === "tr_open" && current) {
      row = { line: (token.map?.[0] ?? -1) + 1, cells: [] };
      current.rows.push(row);
    } else if (token.type === "inline" && row && current) {
      row.cells.push(token.content);
    } else if (token.type === "tr_close") {
      row = null;
    } else if (token.type === "table_close") {
      current = null;
    }
  }
  return tables;
}
