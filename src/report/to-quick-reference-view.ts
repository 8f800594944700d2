import { createAccessEvaluator } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import { encodeCellText, headerColumn } from "../baseline/index.js";
import type { Baseline } from "../baseline/index.js";
import type { DiffResult } from "../diff/index.js";
import type { Snapshot, SnapshotBinding, SnapshotGroup } from "../snapshot/index.js";
import type { QuickReferenceTableKind } from "./inject-quick-reference.js";
import { BINDING_TABLE, GROUP_TABLE, type TableSpec, UNBOUND_TABLE, freshColumns } from "./table-columns.js";
import { buildTableRecords } from "./table-records.js";
import { MATRIX_MARKS, buildAccessMatrix, describeAllowedUsers } from "./build-access-matrix.js";
import type { AccessMatrixData } from "./build-access-matrix.js";
import { collectNotices } from "./collect-notices.js";
import { escapeMarkdown } from "./escape-markdown.js";
import { escapeMermaidLabel } from "./escape-mermaid-label.js";
import type {
  MarkdownAccessMatrix,
  MarkdownTableView,
  MermaidGraph,
  MermaidNode,
  QuickReferenceNotices,
  QuickReferenceView,
} from "./quick-reference-view.js";

export interface QuickReferenceOptions {
  /** The runbook's current tables: their row order is kept for rows that still exist, and their reasons are reused. */
  baseline: Baseline | null;
  /**
   * The drift against the runbook, for a notice that these tables would overwrite the documented intent.
   * Leave it out when rendering the section that goes between ak-access markers: once injected, the drift
   * is gone, so the notice would make the next run rewrite the section a second time.
   */
  diff?: DiffResult | null;
  sections: { matrix: boolean; notices: boolean };
  /** Tables to print as they are instead of fresh ones (the runbook's own tables, updated row by row). */
  keep?: Partial<Record<QuickReferenceTableKind, string>>;
  /** The snapshot's access evaluator when the caller has one (the service's audit result does). */
  evaluator?: AccessEvaluator;
}

/**
 * The runbook's tables from live state, ready for the templates: every group (with parents when any
 * group is nested), every binding of every application (user, policy, negated, disabled and expiring
 * ones, and an app's policy engine mode when it is not `any`, each column only when something needs it),
 * and the applications without any binding.
 */
export function toQuickReferenceView(snapshot: Snapshot, options: QuickReferenceOptions): QuickReferenceView {
  const evaluator = options.evaluator ?? createAccessEvaluator(snapshot, { authentikVersion: snapshot.source.authentikVersion });
  const records = buildTableRecords(snapshot, options.baseline);
  const keep = options.keep ?? {};
  const ordered = orderGroupsLike(snapshot.groups, records.groups);

  return {
    tables: {
      groups: keep.groups === undefined ? toTableView(GROUP_TABLE, records.groups) : keptTable(keep.groups),
      bindings: keep.bindings === undefined ? toTableView(BINDING_TABLE, records.bindings) : keptTable(keep.bindings),
      unbound: keep.unbound === undefined ? toTableView(UNBOUND_TABLE, records.unbound) : keptTable(keep.unbound),
    },
    matrix: options.sections.matrix ? toMarkdownMatrix(buildAccessMatrix(snapshot, evaluator, ordered)) : null,
    notices: options.sections.notices ? toNotices(snapshot, evaluator, records.leftOver, options.diff ?? null) : null,
  };
}

function toTableView<R>(spec: TableSpec<R>, records: readonly R[]): MarkdownTableView {
  const columns = freshColumns(spec, records);
  const layout = new Set(columns.map((column) => column.column));
  return {
    text: null,
    header: columns.map((column) => column.column),
    rules: columns.map((column) => "-".repeat(column.column.length + 2)),
    rows: records.map((record) => columns.map((column) => column.render(record, layout))),
  };
}

function keptTable(text: string): MarkdownTableView {
  return { text, header: [], rules: [], rows: [] };
}

/** The live groups in the groups table's order, for the matrix's columns. */
function orderGroupsLike(groups: readonly SnapshotGroup[], records: readonly { pk: string }[]): SnapshotGroup[] {
  const byPk = new Map(groups.map((group) => [group.pk.toLowerCase(), group]));
  return records.flatMap((record) => byPk.get(record.pk) ?? []);
}

// A matrix header equal to a baseline column's name could make the parser take the matrix for a baseline
// table (or a malformed one), so such a group's header gets a qualifier.
function matrixHeader(name: string): string {
  return escapeMarkdown(headerColumn(encodeCellText(name)) === undefined ? name : `${name} (group)`);
}

function toMarkdownMatrix(matrix: AccessMatrixData): MarkdownAccessMatrix {
  return {
    groups: matrix.groups.map((group) => ({ header: matrixHeader(group.name) })),
    rows: matrix.rows.map((row) => ({
      application: escapeMarkdown(row.application.name),
      slug: escapeMarkdown(row.application.slug),
      cells: row.cells.map((state) => ({ mark: MATRIX_MARKS[state] })),
      users: describeAllowedUsers(row),
    })),
    graph: toMermaidGraph(matrix),
  };
}

function toMermaidGraph(matrix: AccessMatrixData): MermaidGraph | null {
  const groupNodes: MermaidNode[] = [];
  const groupIds = new Map<number, string>();
  matrix.groups.forEach((group, column) => {
    if (!matrix.rows.some((row) => row.cells[column] === "grant")) return;
    const id = `g${groupNodes.length + 1}`;
    groupIds.set(column, id);
    groupNodes.push({ id, label: escapeMermaidLabel(group.name) });
  });

  const applications: MermaidNode[] = [];
  const edges: MermaidGraph["edges"] = [];
  const open: MermaidNode[] = [];
  for (const row of matrix.rows) {
    const granted = row.cells.flatMap((state, column) => (state === "grant" ? [groupIds.get(column) ?? ""] : []));
    const isOpen = row.everyone === "allow";
    if (granted.length === 0 && !isOpen) continue;
    const node = { id: `a${applications.length + 1}`, label: escapeMermaidLabel(row.application.name) };
    applications.push(node);
    for (const from of granted) edges.push({ from, to: node.id });
    if (isOpen) open.push(node);
  }
  if (applications.length === 0) return null;
  return { groups: groupNodes, applications, edges, open };
}

function toNotices(
  snapshot: Snapshot,
  evaluator: AccessEvaluator,
  leftOver: readonly SnapshotBinding[],
  diff: DiffResult | null,
): QuickReferenceNotices {
  const notices = collectNotices(snapshot, evaluator, leftOver);
  const drifted = diff !== null && !diff.inSync;
  return {
    none:
      !drifted &&
      !notices.defaultAccessClosed &&
      notices.deniedSuperusers.length === 0 &&
      notices.openApplications.length === 0 &&
      notices.unnamed.length === 0,
    drift: drifted ? { critical: diff.summary.critical, warning: diff.summary.warning, accessChanges: diff.accessChanges.length } : null,
    defaultAccessClosed: notices.defaultAccessClosed,
    deniedSuperusers: notices.deniedSuperusers.map(({ username, applications }) => ({
      username: escapeMarkdown(username),
      applications: applications.map((application) => escapeMarkdown(application.name)).join(", "),
    })),
    openApplications: notices.openApplications.map(({ application, activeUsers, activeServiceAccounts }) => ({
      application: escapeMarkdown(application.name),
      slug: escapeMarkdown(application.slug),
      activeUsers,
      activeServiceAccounts,
    })),
    unnamed: notices.unnamed.map(({ application, labels }) => ({
      application: escapeMarkdown(application.name),
      slug: escapeMarkdown(application.slug),
      bindings: labels.map(escapeMarkdown).join(", "),
    })),
  };
}
