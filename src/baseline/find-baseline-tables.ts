import type { Nodes, Table } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { toString as mdastText } from "mdast-util-to-string";
import { gfmTable } from "micromark-extension-gfm-table";
import type { BaselineTableKind, BaselineTableLocation } from "./types.js";

export type BaselineColumn = "Group" | "PK" | "Members" | "Superuser" | "Application" | "Slug" | "Binding PK" | "Reason";

interface TableShape {
  required: readonly BaselineColumn[];
  optional: readonly BaselineColumn[];
  /** The column no other kind has: a table carrying it was meant to be this kind. */
  distinctive: BaselineColumn;
}

export const TABLE_SHAPES: Readonly<Record<BaselineTableKind, TableShape>> = {
  groups: { required: ["Group", "PK", "Members"], optional: ["Superuser"], distinctive: "Members" },
  bindings: { required: ["Application", "Slug", "Group", "Binding PK"], optional: [], distinctive: "Binding PK" },
  unbound: { required: ["Application", "Slug", "Reason"], optional: [], distinctive: "Reason" },
};

const KINDS: readonly BaselineTableKind[] = ["groups", "bindings", "unbound"];

const COLUMNS_BY_HEADER: ReadonlyMap<string, BaselineColumn> = new Map(
  (["Group", "PK", "Members", "Superuser", "Application", "Slug", "Binding PK", "Reason"] as const).map((column) => [
    column.toLowerCase(),
    column,
  ]),
);

/** One body row: the trimmed text of each of its kind's columns, and its 1-based line. */
export interface BaselineRow {
  line: number;
  cells: Partial<Record<BaselineColumn, string>>;
}

export interface BaselineTable {
  kind: BaselineTableKind;
  location: BaselineTableLocation;
  rows: BaselineRow[];
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
  const tree = fromMarkdown(markdown, {
    extensions: [gfmTable()],
    mdastExtensions: [gfmTableFromMarkdown()],
  });
  const found: FoundBaselineTables = { tables: [], issues: [] };
  for (const table of collectTables(tree)) classifyTable(table, found);
  return found;
}

// Tables nested in lists or blockquotes count too: dropping a baseline table silently would be worse.
function collectTables(node: Nodes): Table[] {
  if (node.type === "table") return [node];
  if (!("children" in node)) return [];
  return node.children.flatMap((child) => collectTables(child));
}

function classifyTable(table: Table, found: FoundBaselineTables): void {
  const location = locate(table);
  const headerCells = table.children[0]?.children ?? [];
  const columns = new Map<BaselineColumn, number>();
  const repeated = new Set<BaselineColumn>();
  headerCells.forEach((cell, index) => {
    const column = COLUMNS_BY_HEADER.get(normaliseHeader(mdastText(cell)));
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

  const rows: BaselineRow[] = [];
  for (const row of table.children.slice(1)) {
    // A row of blank cells is spacing, not a statement about authentik.
    if (row.children.every((cell) => mdastText(cell).trim() === "")) continue;
    const cells: Partial<Record<BaselineColumn, string>> = {};
    for (const column of ownColumns) {
      const index = columns.get(column);
      if (index === undefined) continue;
      const cell = row.children[index];
      cells[column] = cell === undefined ? "" : mdastText(cell).trim();
    }
    rows.push({ line: startOf(row).line, cells });
  }
  found.tables.push({ kind, location: { kind, ...location }, rows });
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

function locate(table: Table): Omit<BaselineTableLocation, "kind"> {
  const start = startOf(table);
  const end = table.position?.end;
  if (end?.offset === undefined) throw new Error("mdast table without an end position");
  return { startLine: start.line, endLine: end.line, startOffset: start.offset, endOffset: end.offset };
}

function startOf(node: Nodes): { line: number; offset: number } {
  const start = node.position?.start;
  // fromMarkdown always sets positions; their absence is a bug, not bad input.
  if (start?.offset === undefined) throw new Error(`mdast ${node.type} without a start position`);
  return { line: start.line, offset: start.offset };
}
