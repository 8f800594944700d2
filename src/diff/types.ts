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
  | "binding-changed"
  | "binding-pk-changed"
  | "binding-non-group"
  | "group-missing"
  | "group-undocumented"
  | "group-pk-changed"
  | "group-renamed"
  | "group-parents-changed"
  | "group-superuser-changed"
  | "member-added"
  | "member-removed"
  | "member-unknown"
  | "superuser-not-exempt"
  | "upgrade-changes-access"
  | "acceptance-stale";

/**
 * What a finding is about. A binding's `group` is the group's name, or `user:NAME` / `policy:NAME` for
 * user and policy bindings. An acceptance is a row of the runbook's acceptance table.
 */
export type FindingSubject =
  | { type: "application"; slug: string }
  | { type: "group"; name: string }
  | { type: "binding"; slug: string; group: string }
  | { type: "user"; username: string; group?: string }
  | { type: "acceptance"; finding: string };

/** JSON-friendly description of one side of a finding. */
export type FindingValue = string | number | boolean | null | string[];

export interface Finding {
  /**
   * Stable across runs: `<kind>:<subject>`, where the subject is the slug, the group's name,
   * `slug/group` for a binding, `group/username` for a membership, or the username
   * (`binding-missing:mailcow/communication-users`, `member-added:media-users/riley`).
   */
  id: string;
  kind: FindingKind;
  severity: Severity;
  subject: FindingSubject;
  expected: FindingValue;
  actual: FindingValue;
  /** One sentence a person understands without the docs. */
  message: string;
  /** Accepted on purpose in the runbook's acceptance table (and not expired): shown, but counts for nothing. */
  accepted?: FindingAcceptance;
  /** Was accepted until a date that has passed: it counts again. */
  acceptanceExpired?: FindingAcceptance;
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

export interface FindingAcceptance {
  reason: string;
  until: string | null;
}

export type AccessResult = "allow" | "deny" | "indeterminate";

/** `gained` deny → allow, `lost` allow → deny, `indeterminate` anything to or from a policy's verdict. */
export type AccessDirection = "gained" | "lost" | "indeterminate";

export interface AccessChange {
  username: string;
  slug: string;
  expected: AccessResult;
  actual: AccessResult;
  direction: AccessDirection;
  /** A service account (`service_account`, `internal_service_account`), not a person. */
  serviceAccount: boolean;
  /** What decides the live verdict; inherited membership as its chain, `group:family → media-users`. */
  via: string[];
  /** What decided the verdict the tables imply. */
  expectedVia: string[];
  /** Every finding behind this change is accepted: it counts for nothing. */
  accepted?: boolean;
}

/** Access changes of one app, direction and cause, for people or for service accounts: what a reader takes in at once. */
export interface AccessChangeGroup {
  slug: string;
  direction: AccessDirection;
  serviceAccounts: boolean;
  /** The cause: the live `via` for gained and indeterminate changes, the former `via` for lost ones. */
  via: string[];
  count: number;
  /** Every username, sorted. */
  usernames: string[];
  accepted: boolean;
}

export interface DiffSummary {
  critical: number;
  warning: number;
  info: number;
  /** Findings accepted on purpose, counted in none of the above. */
  accepted: number;
}

export interface DiffResult {
  inSync: boolean;
  summary: DiffSummary;
  findings: Finding[];
  accessChanges: AccessChange[];
  accessChangeGroups: AccessChangeGroup[];
}
