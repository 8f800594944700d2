/**
 * The baseline: what the runbook's Quick Reference tables say authentik should look like (PRODUCT.md
 * section 3, extended as the README's "table format" describes). Every entry keeps the 1-based source
 * line it came from.
 */
export interface Baseline {
  /** The file name used in problem messages. */
  file: string;
  groups: BaselineGroup[];
  bindings: BaselineBinding[];
  unbound: BaselineUnboundApplication[];
  /** Findings accepted on purpose (the optional acceptance table). */
  acceptances: BaselineAcceptance[];
}

export interface BaselineGroup {
  name: string;
  pk: string;
  /** Direct members by username, in the order written. */
  members: string[];
  /** Marked `(superuser)` in the members cell, or yes/true in an optional Superuser column. */
  isSuperuser: boolean;
  /** Parent groups by name (the optional Parents column), in the order written; [] when none. */
  parents: string[];
  line: number;
}

/** What a binding row binds: a group (the Group column), a user (User) or a policy (Policy), by name. */
export type BaselineBindingTarget = { kind: "group"; name: string } | { kind: "user"; username: string } | { kind: "policy"; name: string };

export type BaselinePolicyEngineMode = "any" | "all";

export interface BaselineBinding {
  /** The Application cell: the app's display name. */
  application: string;
  slug: string;
  target: BaselineBindingTarget;
  /** The binding's uuid, or null when not pinned (`*(existing)*` or another non-UUID placeholder). */
  bindingPk: string | null;
  /** The optional State column: `disabled`, `negated`, `expires <date-time>`. */
  enabled: boolean;
  negate: boolean;
  /** ISO 8601 date-time after which authentik ignores the binding (2026.8+), or null. */
  expires: string | null;
  /** The app's policy engine mode when the optional column states it, else null (authentik's default, `any`). */
  policyEngineMode: BaselinePolicyEngineMode | null;
  line: number;
}

export interface BaselineUnboundApplication {
  application: string;
  slug: string;
  reason: string;
  line: number;
}

/** One row of the acceptance table: a finding id accepted on purpose, why, and until when. */
export interface BaselineAcceptance {
  /** A finding id, `<kind>:<subject>`, as `check` prints it. */
  finding: string;
  reason: string;
  /** `YYYY-MM-DD` or an ISO date-time; the acceptance ends at its start (a date: that day's 00:00 UTC). Null: no end. */
  until: string | null;
  line: number;
}

/** A problem in the runbook, located: formats as `file:line: message`. */
export interface BaselineProblem {
  file: string;
  line: number;
  message: string;
}

export type BaselineTableKind = "groups" | "bindings" | "unbound" | "acceptances";

/** Where one baseline table sits in the source, for rewriting it in place. Offsets are UTF-16 indexes into the source string. */
export interface BaselineTableLocation {
  kind: BaselineTableKind;
  startLine: number;
  endLine: number;
  startOffset: number;
  endOffset: number;
}
