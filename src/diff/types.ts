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
  /**
   * The changes in authentik's event log that explain this finding, newest first. Set by attribution
   * (`attributeFindings` in src/events) before any output, which always carries it (`[]` when none);
   * the diff itself cannot know it.
   */
  events?: FindingEvent[];
}

/** One write in authentik's event log, as a finding shows it: who changed what, when and from where. */
export interface FindingEvent {
  /** When authentik logged it (the event's `created`, ISO 8601). */
  at: string;
  /** The acting user's username, or null when the event names none. */
  username: string | null;
  /** authentik's action: `model_created`, `model_updated` or `model_deleted`. */
  action: string;
  /** The client address authentik recorded, or null. */
  clientIp: string | null;
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
