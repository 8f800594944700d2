import { createAccessEvaluator } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import type { Baseline } from "../baseline/index.js";
import type { DiffResult } from "../diff/index.js";
import type { Snapshot, SnapshotBinding, SnapshotGroup } from "../snapshot/index.js";
import { MATRIX_MARKS, buildAccessMatrix, describeAllowedUsers } from "./build-access-matrix.js";
import type { AccessMatrixData } from "./build-access-matrix.js";
import { collectNotices } from "./collect-notices.js";
import { compareNames } from "./compare-names.js";
import { escapeMarkdown, formatTableCodeSpan } from "./escape-markdown.js";
import { escapeMermaidLabel } from "./escape-mermaid-label.js";
import { selectTableRows } from "./select-table-rows.js";
import type { MarkdownAccessMatrix, MermaidGraph, MermaidNode, QuickReferenceNotices, QuickReferenceView } from "./types.js";

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
}

const NONE = "—";
const SUPERUSER_MARK = "(superuser)";

/**
 * The runbook's three tables from live state, ready for the templates. Bindings rows are the enabled,
 * non-negated group bindings in force; unbound rows are the apps with no binding in force. Everything
 * else the tables cannot say goes to the notices.
 */
export function toQuickReferenceView(snapshot: Snapshot, options: QuickReferenceOptions): QuickReferenceView {
  const evaluator = createAccessEvaluator(snapshot, { authentikVersion: snapshot.source.authentikVersion });
  const rows = selectTableRows(snapshot, options.baseline, evaluator);
  const usernames = new Map(snapshot.users.map((user) => [user.pk, user.username]));

  return {
    groups: rows.groups.map((group) => ({
      name: escapeMarkdown(group.name),
      pk: formatTableCodeSpan(group.pk),
      members: formatMembers(group, usernames),
    })),
    bindings: rows.bindings.map(({ application, group, binding }) => ({
      application: escapeMarkdown(application.name),
      slug: escapeMarkdown(application.slug),
      group: escapeMarkdown(group.name),
      bindingPk: formatTableCodeSpan(binding.pk),
    })),
    unbound: rows.unbound.map(({ application, reason }) => ({
      application: escapeMarkdown(application.name),
      slug: escapeMarkdown(application.slug),
      reason: reason === "" ? NONE : escapeMarkdown(reason),
    })),
    matrix: options.sections.matrix ? toMarkdownMatrix(buildAccessMatrix(snapshot, evaluator, rows.groups)) : null,
    notices: options.sections.notices ? toNotices(snapshot, evaluator, rows.leftOver, options.diff ?? null) : null,
  };
}

/** Direct members by username, sorted; unknown member pks (an incomplete snapshot) cannot be named and are left out. */
function formatMembers(group: SnapshotGroup, usernames: ReadonlyMap<number, string>): string {
  const names = group.members.flatMap((pk) => usernames.get(pk) ?? []).sort(compareNames);
  const list = names.length === 0 ? NONE : names.map(escapeMarkdown).join(", ");
  return group.isSuperuser ? `${list} ${SUPERUSER_MARK}` : list;
}

// Baseline column names: a matrix header equal to one of them could make the parser take the matrix for
// a baseline table (or a malformed one), so such a group's header gets a qualifier.
const BASELINE_COLUMNS = new Set(["group", "pk", "members", "superuser", "application", "slug", "binding pk", "reason"]);

function matrixHeader(name: string): string {
  const normalised = name.trim().replace(/\s+/g, " ").toLowerCase();
  return escapeMarkdown(BASELINE_COLUMNS.has(normalised) ? `${name} (group)` : name);
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
      notices.inexpressible.length === 0 &&
      notices.nestedGroups.length === 0,
    drift: drifted ? { critical: diff.summary.critical, warning: diff.summary.warning, accessChanges: diff.accessChanges.length } : null,
    defaultAccessClosed: notices.defaultAccessClosed,
    deniedSuperusers: notices.deniedSuperusers.map(({ username, applications }) => ({
      username: escapeMarkdown(username),
      applications: applications.map((application) => escapeMarkdown(application.name)).join(", "),
    })),
    openApplications: notices.openApplications.map(({ application, activeUsers }) => ({
      application: escapeMarkdown(application.name),
      slug: escapeMarkdown(application.slug),
      activeUsers,
    })),
    inexpressible: notices.inexpressible.map(({ application, labels }) => ({
      application: escapeMarkdown(application.name),
      slug: escapeMarkdown(application.slug),
      bindings: labels.map(escapeMarkdown).join(", "),
    })),
    nestedGroups: notices.nestedGroups.map(({ group, parents }) => ({
      group: escapeMarkdown(group.name),
      parents: parents.map(escapeMarkdown).join(", "),
    })),
  };
}
