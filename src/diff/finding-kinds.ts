import type { FindingKind, Severity } from "./types.js";

/** Every finding kind, in the order of PRODUCT.md section 5: the second sort key of findings, and the metric's labels. */
export const FINDING_KINDS: readonly FindingKind[] = [
  "application-missing",
  "application-undocumented",
  "application-open",
  "application-now-restricted",
  "application-engine-mode",
  "binding-missing",
  "binding-unexpected",
  "binding-disabled",
  "binding-negated",
  "binding-changed",
  "binding-pk-changed",
  "binding-non-group",
  "group-missing",
  "group-undocumented",
  "group-pk-changed",
  "group-renamed",
  "group-parents-changed",
  "group-superuser-changed",
  "member-added",
  "member-removed",
  "member-unknown",
  "superuser-not-exempt",
  "upgrade-changes-access",
  "acceptance-stale",
];

/** Most severe first: the primary sort key of findings. */
export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];
