/** Findings and access changes: the drift between the baseline and a snapshot (PRODUCT.md section 5). */

export type Severity = "critical" | "warning" | "info";

export type FindingKind =
  | "application-missing"
  | "application-undocumented"
  | "application-open"
  | "application-now-restricted"
  | "application-engine-mode"
  | "binding-missing"
  | "binding-unexpected"
  | "binding-disabled"
  | "binding-negated"
  | "binding-pk-changed"
  | "binding-non-group"
  | "group-missing"
  | "group-undocumented"
  | "group-pk-changed"
  | "group-renamed"
  | "group-superuser-changed"
  | "member-added"
  | "member-removed"
  | "member-unknown"
  | "superuser-not-exempt";

export type FindingSubject =
  | { type: "application"; slug: string }
  | { type: "group"; name: string }
  | { type: "binding"; slug: string; group: string }
  | { type: "user"; username: string; group?: string };

/** JSON-friendly description of one side of a finding. */
export type FindingValue = string | number | boolean | null | string[];

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  subject: FindingSubject;
  expected: FindingValue;
  actual: FindingValue;
  /** One sentence a person understands without the docs. */
  message: string;
}

export interface AccessChange {
  username: string;
  slug: string;
  expected: "allow" | "deny";
  actual: "allow" | "deny" | "indeterminate";
  via: string[];
}

export interface DiffResult {
  inSync: boolean;
  summary: Record<Severity, number>;
  findings: Finding[];
  accessChanges: AccessChange[];
}
