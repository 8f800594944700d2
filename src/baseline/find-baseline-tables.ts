import { decodeCellText } from "./cell-text.js";
import { readMarkdownTables } from "./read-markdown-tables.js";
import type { MarkdownTable, MarkdownTableRow } from "./read-markdown-tables.js";
import type { BaselineTableKind, BaselineTableLocation } from "./types.js";

export type BaselineColumn =
  | "Group"
  | "PK"
  | "Members"
  | "Superuser"
  | "Parents"
  | "Application"
  | "Slug"
  | "User"
  | "Policy"
  | "Binding PK"
  | "State"
  | "Policy engine mode"
  | "Reason"
  | "Finding"
  | "Until";

interface TableShape {
  required: readonly BaselineColumn[];
  optional: readonly BaselineColumn[];
  /** The column no other kind has: a table carrying it was meant to be this kind. */
  distinctive: BaselineColumn;
}

export const TABLE_SHAPES: Readonly<Record<BaselineTableKind, TableShape>> = {
  groups: { required: ["Group", "PK", "Members"], optional: ["Superuser", "Parents"], distinctive: "Members" },
  bindings: {
    required: ["Application", "Slug", "Group", "Binding PK"],
    optional: ["User", "Policy", "State", "Policy engine mode"],
    distinctive: "Binding PK",
  },
  unbound: { required: ["Application", "Slug", "Reason"], optional: [], distinctive: "Reason" },
  acceptances: { required: ["Finding", "Reason"], optional: ["Until"], distinctive: "Finding" },
};

const KINDS: readonly BaselineTableKind[] = ["groups", "bindings", "unbound", "acceptances"];

const COLUMNS_BY_HEADER: ReadonlyMap<string, BaselineColumn> = new Map<string, BaselineColumn>([
  ...(
    [
      "Group",
      "PK",
      "Members",
      "Superuser",
      "Parents",
      "Application",
      "Slug",
      "User",
      "Policy",
      "Binding PK",
      "State",
      "Policy engine mode",
      "Reason",
      "Finding",
      "Until",
    ] as const
  ).map((column): [string, BaselineColumn] => [column.toLowerCase(), column]),
  ["engine mode", "Policy engine mode"],
]);

/** One body row: the raw (still Markdown) trimmed text of each of its kind's columns, and its 1-based line. */
export interface BaselineRow {
  line: number;
  cells: Partial<Record<BaselineColumn, string>>;
  /** The row as the reader found it, every cell included (the user's own columns too). */
  source: MarkdownTableRow;
}

export interface BaselineTable {
  kind: BaselineTableKind;
  location: BaselineTableLocation;
  /** Each of the kind's columns present, and its index. */
  columns: ReadonlyMap<BaselineColumn, number>;
  rows: BaselineRow[];
  /** The table as the reader found it. */
  markdown: MarkdownTable;
}

/** A table-level problem, not yet tied to a file name. */
export interface BaselineTableIssue {
  line: number;
  message: string;
}

export interface FoundBaselineTables {
  tables: BaselineTable[];
  issues: BaselineTableIssue[];
}

/**
 * Every GFM table in the document, in document order, classified by its header cells. Tables that match
 * no kind are skipped silently unless they carry the marks of one, which is most likely a typo in a header.
 */
export function findBaselineTables(markdown: string): FoundBaselineTables {
  const found: FoundBaselineTables = { tables: [], issues: [] };
  for (const table of readMarkdownTables(markdown)) classifyTable(table, found);
  return found;
}

/** A header cell's column, or undefined for the user's own columns. */
export function headerColumn(rawHeader: string): BaselineColumn | undefined {
  return COLUMNS_BY_HEADER.get(normaliseHeader(decodeCellText(rawHeader)));
}

function classifyTable(table: MarkdownTable, found: FoundBaselineTables): void {
  const location = { startLine: table.startLine, endLine: table.endLine, startOffset: table.startOffset, endOffset: table.endOffset };
  const columns = new Map<BaselineColumn, number>();
  const repeated = new Set<BaselineColumn>();
  table.header.cells.forEach((cell, index) => {
    const column = headerColumn(cell);
    if (column === undefined) return;
    if (columns.has(column)) repeated.add(column);
    else columns.set(column, index);
  });

  const complete = KINDS.filter((kind) => TABLE_SHAPES[kind].required.every((column) => columns.has(column)));
  const [kind, otherKind] = complete;
  if (kind !== undefined && otherKind !== undefined) {
    found.issues.push({
      line: location.startLine,
      message: `the table at line ${location.startLine} has the columns of both the ${kind} table and the ${otherKind} table (expected the columns of one kind only; rename or remove a column)`,
    });
    return;
  }
  if (kind === undefined) {
    reportLookalike(columns, location.startLine, found);
    return;
  }

  const shape = TABLE_SHAPES[kind];
  const ownColumns = [...shape.required, ...shape.optional];
  const ownRepeated = ownColumns.filter((column) => repeated.has(column));
  if (ownRepeated.length > 0) {
    found.issues.push({
      line: location.startLine,
      message: `the ${kind} table at line ${location.startLine} has more than one ${quoteList(ownRepeated, "and")} column (expected each column once)`,
    });
    return;
  }

  const own = new Map([...columns].filter(([column]) => ownColumns.includes(column)));
  const ownEntries = [...own];
  const rows: BaselineRow[] = [];
  for (const row of table.rows) {
    // A row of blank cells is spacing, not a statement about authentik.
    if (row.cells.every((cell) => cell === "")) continue;
    const cells: Partial<Record<BaselineColumn, string>> = {};
    // Header indexes are all below the header's length (the reader drops a body row's extra cells).
    for (const [column, index] of ownEntries) cells[column] = row.cells[index] ?? "";
    rows.push({ line: row.line, cells, source: row });
  }
  found.tables.push({ kind, location: { kind, ...location }, columns: own, rows, markdown: table });
}

// A table with a kind's distinctive column, or with most of a kind's columns, was meant to be that kind.
function reportLookalike(columns: ReadonlyMap<BaselineColumn, number>, line: number, found: FoundBaselineTables): void {
  let best: { kind: BaselineTableKind; present: number; missing: BaselineColumn[] } | undefined;
  for (const kind of KINDS) {
    const shape = TABLE_SHAPES[kind];
    const missing = shape.required.filter((column) => !columns.has(column));
    const present = shape.required.length - missing.length;
    const looksLike = columns.has(shape.distinctive) || present >= 3;
    if (looksLike && (best === undefined || present > best.present)) best = { kind, present, missing };
  }
  if (best === undefined) return;
  found.issues.push({
    line,
    message: `the table at line ${line} looks like the ${best.kind} table but has no ${quoteList(best.missing, "or")} column (the ${best.kind} table needs ${TABLE_SHAPES[best.kind].required.join(", ")})`,
  });
}

function normaliseHeader(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function quoteList(items: readonly string[], conjunction: "and" | "or"): string {
  const quoted = items.map((item) => `"${item}"`);
  const last = quoted.pop();
  return quoted.length === 0 ? (last ?? "") : `${quoted.join(", ")} ${conjunction} ${last}`;
}
