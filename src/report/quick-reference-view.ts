/**
 * The quick reference's view model: exactly what its template prints, every field present (null or []
 * when empty), text already escaped for Markdown (see escape-markdown.ts).
 */

export interface QuickReferenceView {
  tables: Record<"groups" | "bindings" | "unbound", MarkdownTableView>;
  /** The optional access-matrix section, or null when not asked for. */
  matrix: MarkdownAccessMatrix | null;
  /** The optional notices section, or null when not asked for. */
  notices: QuickReferenceNotices | null;
}

/** A table: header cells, their delimiter cells and rows of cells, all escaped; or, with `text`, a table printed as it is. */
export interface MarkdownTableView {
  text: string | null;
  header: string[];
  rules: string[];
  rows: string[][];
}

export interface MarkdownAccessMatrix {
  /** One column per live group, in the groups table's order. */
  groups: MarkdownMatrixColumn[];
  rows: MarkdownMatrixRow[];
  /** A Mermaid `flowchart LR` of group → app bindings, or null when there is nothing to draw. */
  graph: MermaidGraph | null;
}

export interface MarkdownMatrixColumn {
  header: string;
}

export interface MarkdownMatrixRow {
  application: string;
  slug: string;
  /** One mark per group column: "✓", "✗ negated" or "". */
  cells: MarkdownMatrixCell[];
  /** "2", "3 (everyone)", "0 (nobody: default deny)", "1 + 2 indeterminate". */
  users: string;
}

export interface MarkdownMatrixCell {
  mark: string;
}

export interface MermaidGraph {
  groups: MermaidNode[];
  applications: MermaidNode[];
  edges: MermaidEdge[];
  /** Apps every active user may sign in to; drawn from one "every authenticated user" node. */
  open: MermaidNode[];
}

export interface MermaidNode {
  /** A safe identifier: `g1`, `a1`, ... */
  id: string;
  /** Escaped for a quoted Mermaid label. */
  label: string;
}

export interface MermaidEdge {
  from: string;
  to: string;
}

export interface QuickReferenceNotices {
  /** True when every list below is empty and nothing else is worth saying. */
  none: boolean;
  /** Set when a diff was given and it is not in sync: these tables would replace the documented intent. */
  drift: DriftNotice | null;
  /** The tenant's default app access is off: the unbound apps are closed to everyone, not open. */
  defaultAccessClosed: boolean;
  deniedSuperusers: DeniedSuperuserNotice[];
  openApplications: OpenApplicationNotice[];
  /** Bindings no table row can name: a group or user the snapshot does not contain. */
  unnamed: InexpressibleNotice[];
}

export interface DriftNotice {
  critical: number;
  warning: number;
  accessChanges: number;
}

export interface DeniedSuperuserNotice {
  username: string;
  /** The denied apps' names, comma-separated. */
  applications: string;
}

export interface OpenApplicationNotice {
  application: string;
  slug: string;
  /** Active people (service accounts apart). */
  activeUsers: number;
  activeServiceAccounts: number;
}

export interface InexpressibleNotice {
  application: string;
  slug: string;
  /** e.g. "group:… (a group the snapshot does not contain)". */
  bindings: string;
}
