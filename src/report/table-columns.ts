import { decodeCellText, encodeCellListItem, encodeCellText, parseStateCell, splitCellList } from "../baseline/index.js";
import type { BaselineColumn, BaselineTableKind } from "../baseline/index.js";
import { compareNames } from "./compare-names.js";
import { formatTableCodeSpan } from "./escape-markdown.js";
import type { BindingRecord, GroupRecord, UnboundRecord } from "./table-records.js";

const NONE = "—";
const NONE_MARKERS = new Set(["", "—", "–", "-"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUPERUSER_MARK = /\s*\(superuser\)$/i;

/** Which of a kind's columns a table has: a cell's rendering can depend on its neighbours (the superuser mark). */
export type TableLayout = ReadonlySet<BaselineColumn>;

export interface ColumnSpec<R> {
  column: BaselineColumn;
  /** The cell as ak-access writes it, escaped for a Markdown table. */
  render(record: R, layout: TableLayout): string;
  /** Whether an existing cell's Markdown already says what the record says; such a cell is kept byte for byte. */
  agrees(raw: string, record: R, layout: TableLayout): boolean;
  /** An optional column: whether these records need it. Required columns are always there. */
  needed?(records: readonly R[]): boolean;
}

export interface TableSpec<R> {
  kind: BaselineTableKind;
  /** In the order a fresh table lists them. */
  columns: readonly ColumnSpec<R>[];
}

function text(raw: string): string {
  return NONE_MARKERS.has(raw.trim()) ? "" : decodeCellText(raw);
}

function list(raw: string): string[] {
  return NONE_MARKERS.has(raw.replace(SUPERUSER_MARK, "").trim()) ? [] : splitCellList(raw.replace(SUPERUSER_MARK, ""));
}

function renderList(items: readonly string[]): string {
  return items.length === 0 ? NONE : items.map(encodeCellListItem).join(", ");
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort(compareNames);
  const right = [...new Set(b)].sort(compareNames);
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

function plain<R>(column: BaselineColumn, value: (record: R) => string): ColumnSpec<R> {
  return {
    column,
    render: (record) => (value(record) === "" ? NONE : encodeCellText(value(record))),
    agrees: (raw, record) => text(raw) === value(record),
  };
}

export const GROUP_TABLE: TableSpec<GroupRecord> = {
  kind: "groups",
  columns: [
    plain("Group", (record) => record.name),
    {
      column: "PK",
      render: (record) => formatTableCodeSpan(record.pk),
      agrees: (raw, record) => text(raw).toLowerCase() === record.pk,
    },
    {
      column: "Members",
      // Without a Superuser column, the members cell carries the "(superuser)" mark.
      render: (record, layout) => `${renderList(record.members)}${record.isSuperuser && !layout.has("Superuser") ? " (superuser)" : ""}`,
      agrees: (raw, record, layout) =>
        sameSet(list(raw), record.members) && (layout.has("Superuser") || SUPERUSER_MARK.test(raw) === record.isSuperuser),
    },
    {
      column: "Superuser",
      render: (record) => (record.isSuperuser ? "yes" : "no"),
      // An empty cell leaves it to the members cell's mark, which only ever says yes.
      agrees: (raw, record) => {
        const value = text(raw).toLowerCase();
        if (value === "") return !record.isSuperuser;
        return (value === "yes" || value === "true") === record.isSuperuser && ["yes", "true", "no", "false"].includes(value);
      },
      needed: () => false,
    },
    {
      column: "Parents",
      render: (record) => renderList(record.parents),
      agrees: (raw, record) => sameSet(list(raw), record.parents),
      needed: (records) => records.some((record) => record.parents.length > 0),
    },
  ],
};

/** "—" for an enabled, non-negated binding that does not expire; else "disabled, negated, expires …". */
function renderState(record: BindingRecord): string {
  const parts = [
    ...(record.enabled ? [] : ["disabled"]),
    ...(record.negate ? ["negated"] : []),
    ...(record.expires === null ? [] : [`expires ${record.expires}`]),
  ];
  return parts.length === 0 ? NONE : encodeCellText(parts.join(", "));
}

function targetCell(kind: BindingRecord["target"]["kind"], column: BaselineColumn): ColumnSpec<BindingRecord> {
  const value = (record: BindingRecord): string =>
    record.target.kind !== kind ? "" : record.target.kind === "user" ? record.target.username : record.target.name;
  return {
    ...plain<BindingRecord>(column, value),
    ...(kind === "group" ? {} : { needed: (records: readonly BindingRecord[]) => records.some((record) => record.target.kind === kind) }),
  };
}

export const BINDING_TABLE: TableSpec<BindingRecord> = {
  kind: "bindings",
  columns: [
    plain("Application", (record) => record.application),
    plain("Slug", (record) => record.slug),
    targetCell("group", "Group"),
    targetCell("user", "User"),
    targetCell("policy", "Policy"),
    {
      column: "Binding PK",
      render: (record) => formatTableCodeSpan(record.bindingPk),
      // A placeholder such as `*(existing)*` says "this binding exists, pk not pinned": it agrees with any pk.
      agrees: (raw, record) => {
        const value = text(raw);
        return UUID.test(value) ? value.toLowerCase() === record.bindingPk : !/[0-9a-f]{8}-/i.test(value);
      },
    },
    {
      column: "State",
      render: renderState,
      agrees: (raw, record) => {
        const state = parseStateCell(text(raw));
        const expires =
          state.expires === null || record.expires === null
            ? state.expires === record.expires
            : Date.parse(state.expires) === Date.parse(record.expires);
        return state.problems.length === 0 && state.enabled === record.enabled && state.negate === record.negate && expires;
      },
      needed: (records) => records.some((record) => !record.enabled || record.negate || record.expires !== null),
    },
    {
      column: "Policy engine mode",
      render: (record) => (record.mode === "any" ? NONE : record.mode),
      agrees: (raw, record) => (text(raw).toLowerCase() || "any") === record.mode,
      needed: (records) => records.some((record) => record.mode !== "any"),
    },
  ],
};

export const UNBOUND_TABLE: TableSpec<UnboundRecord> = {
  kind: "unbound",
  columns: [
    plain("Application", (record) => record.application),
    plain("Slug", (record) => record.slug),
    // The reason is the runbook's own: whatever it says agrees.
    { column: "Reason", render: (record) => (record.reason === "" ? NONE : encodeCellText(record.reason)), agrees: () => true },
  ],
};

/** The columns a fresh table of these records has: the required ones and the optional ones they need. */
export function freshColumns<R>(spec: TableSpec<R>, records: readonly R[]): ColumnSpec<R>[] {
  return spec.columns.filter((column) => column.needed === undefined || column.needed(records));
}
