import { decodeCellText, readBaselineRow } from "../baseline/index.js";
import type { BaselineBinding, BaselineGroup, BaselineRow, BaselineTable, BaselineUnboundApplication } from "../baseline/index.js";
import { type ColumnSpec, type TableLayout, type TableSpec, BINDING_TABLE, GROUP_TABLE, UNBOUND_TABLE } from "./table-columns.js";
import { liveTargetLabel, targetLabel } from "./table-records.js";
import type { BindingRecord, GroupRecord, TableRecords, UnboundRecord } from "./table-records.js";

const NONE_MARKERS = new Set(["", "—", "–", "-"]);

/**
 * The text of an existing table (from its header to its last row) updated to the records, keeping the
 * user's layout: their column order and header spelling, their own columns and the cells in them, their
 * formatting. A row whose meaning still holds stays byte for byte; a row that changed gets only its stale
 * cells rewritten; rows of objects that are gone disappear; new rows follow (a binding after its app's
 * other rows), their extra cells empty; a column the records need that the table lacks is added at the end.
 */
export function updateTable(source: string, table: BaselineTable, records: TableRecords, eol: string): string {
  switch (table.kind) {
    case "groups":
      return update(source, table, GROUP_TABLE, records.groups, groupMatcher, eol);
    case "bindings":
      return update(source, table, BINDING_TABLE, records.bindings, bindingMatcher(records.renamedGroups), eol);
    case "unbound":
      return update(source, table, UNBOUND_TABLE, records.unbound, unboundMatcher, eol);
    case "acceptances":
      return source.slice(table.location.startOffset, table.location.endOffset);
  }
}

/** How rows find their records: keys tried in turn, and whether a matched row still means what the record says. */
interface Matcher<R> {
  rowKeys(row: BaselineRow): (string | null)[];
  recordKeys(record: R): string[];
  /** Which rows go together (a new binding joins its app's rows); null: new rows go last. */
  family?(record: R): string;
  rowFamily?(row: BaselineRow): string;
  sameMeaning(row: BaselineRow, record: R): boolean;
}

interface OutputLine {
  text: string;
  family: string | null;
}

function update<R>(
  source: string,
  table: BaselineTable,
  spec: TableSpec<R>,
  records: readonly R[],
  matcher: Matcher<R>,
  eol: string,
): string {
  const markdown = table.markdown;
  const layout: TableLayout = new Set(table.columns.keys());
  const added = spec.columns.filter((column) => !layout.has(column.column) && column.needed?.(records) === true);
  const width = markdown.header.cells.length;
  const columnAt = new Map<number, ColumnSpec<R>>();
  for (const column of spec.columns) {
    const index = table.columns.get(column.column);
    if (index !== undefined) columnAt.set(index, column);
  }
  const fullLayout: TableLayout = new Set([...layout, ...added.map((column) => column.column)]);
  const prefixOf = (row: { lineStart: number; contentStart: number }): string => source.slice(row.lineStart, row.contentStart);
  const outerPipes = source.slice(markdown.header.contentStart, markdown.header.lineEnd).trim().startsWith("|");
  const serialise = (cells: readonly string[]): string => (outerPipes ? `| ${cells.join(" | ")} |` : cells.join(" | "));

  const lines: OutputLine[] = [];
  const headerLine = source.slice(markdown.header.lineStart, markdown.header.lineEnd);
  const delimiterLine = source.slice(markdown.delimiter.lineStart, markdown.delimiter.lineEnd);
  if (added.length === 0) {
    lines.push({ text: headerLine, family: null }, { text: delimiterLine, family: null });
  } else {
    const headers = added.map((column) => column.column);
    lines.push(
      { text: appendCells(headerLine, headers, outerPipes), family: null },
      {
        text: appendCells(
          delimiterLine,
          headers.map((header) => "-".repeat(header.length + 2)),
          outerPipes,
          true,
        ),
        family: null,
      },
    );
  }

  const taken = new Set<R>();
  const index = indexRecords(records, matcher);
  const rowsByLine = new Map(table.rows.map((row) => [row.line, row]));
  for (const sourceRow of markdown.rows) {
    const row = rowsByLine.get(sourceRow.line);
    // Rows of blank cells are spacing: keep them as they are.
    if (row === undefined) {
      lines.push({ text: source.slice(sourceRow.lineStart, sourceRow.lineEnd), family: null });
      continue;
    }
    const record = findRecord(row, matcher, index, taken);
    if (record === undefined) continue;
    taken.add(record);
    const family = matcher.family?.(record) ?? null;
    const needsAdded = added.some((column) => !isNone(column.render(record, fullLayout)));
    if (!needsAdded && matcher.sameMeaning(row, record)) {
      lines.push({ text: source.slice(sourceRow.lineStart, sourceRow.lineEnd), family });
      continue;
    }
    const cells = Array.from({ length: width }, (_, cellIndex) => {
      const raw = sourceRow.cells[cellIndex] ?? "";
      const column = columnAt.get(cellIndex);
      return column === undefined || column.agrees(raw, record, layout) ? escapePipes(raw) : column.render(record, fullLayout);
    });
    for (const column of added) cells.push(column.render(record, fullLayout));
    lines.push({ text: prefixOf(sourceRow) + serialise(cells), family });
  }

  const lastRow = markdown.rows[markdown.rows.length - 1] ?? markdown.delimiter;
  const prefix = prefixOf(lastRow);
  for (const record of records) {
    if (taken.has(record)) continue;
    const cells = Array.from({ length: width }, (_, cellIndex) => columnAt.get(cellIndex)?.render(record, fullLayout) ?? "");
    for (const column of added) cells.push(column.render(record, fullLayout));
    const family = matcher.family?.(record) ?? null;
    const line = { text: prefix + serialise(cells), family };
    const after = family === null ? -1 : lines.findLastIndex((existing) => existing.family === family);
    if (after === -1) lines.push(line);
    else lines.splice(after + 1, 0, line);
  }
  return lines.map((line) => line.text).join(eol);
}

function isNone(cell: string): boolean {
  return NONE_MARKERS.has(cell.trim());
}

/** The reader turned `\|` into `|`; a kept cell goes back into a row, so its pipes are escaped again. */
function escapePipes(raw: string): string {
  return raw.replace(/\|/g, "\\|");
}

function appendCells(line: string, cells: readonly string[], outerPipes: boolean, delimiter = false): string {
  const trimmed = line.replace(/[ \t]+$/, "");
  const joined = cells.join(delimiter ? "|" : " | ");
  if (!outerPipes) return `${trimmed} | ${joined}`;
  return delimiter ? `${trimmed}${joined}|` : `${trimmed} ${joined} |`;
}

type RecordIndex<R> = Map<string, R[]>[];

function indexRecords<R>(records: readonly R[], matcher: Matcher<R>): RecordIndex<R> {
  const passes: RecordIndex<R> = [];
  for (const record of records) {
    matcher.recordKeys(record).forEach((key, pass) => {
      let byKey = passes[pass];
      if (!byKey) {
        byKey = new Map();
        passes[pass] = byKey;
      }
      const list = byKey.get(key);
      if (list) list.push(record);
      else byKey.set(key, [record]);
    });
  }
  return passes;
}

function findRecord<R>(row: BaselineRow, matcher: Matcher<R>, index: RecordIndex<R>, taken: ReadonlySet<R>): R | undefined {
  const keys = matcher.rowKeys(row);
  for (let pass = 0; pass < keys.length; pass += 1) {
    const key = keys[pass];
    if (key === null || key === undefined) continue;
    const candidates = index[pass]?.get(key)?.filter((record) => !taken.has(record)) ?? [];
    // Prefer a record this row already describes exactly (two bindings of one group, one of them disabled).
    const record = candidates.find((candidate) => matcher.sameMeaning(row, candidate)) ?? candidates[0];
    if (record !== undefined) return record;
  }
  return undefined;
}

function readGroup(row: BaselineRow): BaselineGroup {
  return readBaselineRow("groups", row).row as BaselineGroup;
}

function readBinding(row: BaselineRow): BaselineBinding {
  return readBaselineRow("bindings", row).row as BaselineBinding;
}

function readUnbound(row: BaselineRow): BaselineUnboundApplication {
  return readBaselineRow("unbound", row).row as BaselineUnboundApplication;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

const groupMatcher: Matcher<GroupRecord> = {
  rowKeys: (row) => [decodeCellText(row.cells.PK ?? "").toLowerCase(), decodeCellText(row.cells.Group ?? "")],
  recordKeys: (record) => [record.pk, record.name],
  sameMeaning: (row, record) => {
    const group = readGroup(row);
    return (
      group.name === record.name &&
      group.pk === record.pk &&
      group.isSuperuser === record.isSuperuser &&
      sameSet(group.members, record.members) &&
      sameSet(group.parents, record.parents)
    );
  },
};

/** A row naming a group renamed since finds its binding by the group's new name (its Group cell is then stale). */
const bindingMatcher = (renamedGroups: ReadonlyMap<string, string>): Matcher<BindingRecord> => ({
  rowKeys: (row) => {
    const binding = readBinding(row);
    return [binding.bindingPk, JSON.stringify([binding.slug, liveTargetLabel(binding.target, renamedGroups)])];
  },
  recordKeys: (record) => [record.bindingPk, JSON.stringify([record.slug, targetLabel(record.target)])],
  family: (record) => record.slug,
  sameMeaning: (row, record) => {
    const binding = readBinding(row);
    const expires =
      binding.expires === null || record.expires === null
        ? binding.expires === record.expires
        : Date.parse(binding.expires) === Date.parse(record.expires);
    return (
      binding.application === record.application &&
      binding.slug === record.slug &&
      targetLabel(binding.target) === targetLabel(record.target) &&
      (binding.bindingPk === null || binding.bindingPk === record.bindingPk) &&
      binding.enabled === record.enabled &&
      binding.negate === record.negate &&
      expires &&
      (binding.policyEngineMode ?? "any") === record.mode
    );
  },
});

const unboundMatcher: Matcher<UnboundRecord> = {
  rowKeys: (row) => [decodeCellText(row.cells.Slug ?? "")],
  recordKeys: (record) => [record.slug],
  sameMeaning: (row, record) => {
    const app = readUnbound(row);
    return app.application === record.application && app.slug === record.slug;
  },
};
