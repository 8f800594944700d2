/**
 * The baseline: what the runbook's Quick Reference tables say authentik should look like
 * (PRODUCT.md section 3). Every entry keeps the 1-based source line it came from.
 */
export interface Baseline {
  /** The file name used in problem messages. */
  file: string;
  groups: BaselineGroup[];
  bindings: BaselineBinding[];
  unbound: BaselineUnboundApplication[];
}

export interface BaselineGroup {
  name: string;
  pk: string;
  /** Direct members by username, in the order written. */
  members: string[];
  /** Marked `(superuser)` in the members cell, or yes/true in an optional Superuser column. */
  isSuperuser: boolean;
  line: number;
}

export interface BaselineBinding {
  /** The Application cell: the app's display name. */
  application: string;
  slug: string;
  /** The group's name, as in the groups table. */
  group: string;
  /** The binding's uuid, or null when not pinned (`*(existing)*` or another non-UUID placeholder). */
  bindingPk: string | null;
  line: number;
}

export interface BaselineUnboundApplication {
  application: string;
  slug: string;
  reason: string;
  line: number;
}

/** A problem in the runbook, located: formats as `file:line: message`. */
export interface BaselineProblem {
  file: string;
  line: number;
  message: string;
}

export type BaselineTableKind = "groups" | "bindings" | "unbound";

/** Where one baseline table sits in the source, for rewriting it in place. Offsets are UTF-16 indexes into the source string. */
export interface BaselineTableLocation {
  kind: BaselineTableKind;
  startLine: number;
  endLine: number;
  startOffset: number;
  endOffset: number;
}
