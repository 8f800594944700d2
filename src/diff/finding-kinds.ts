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
  "binding-pk-changed",
  "binding-non-group",
  "group-missing",
  "group-undocumented",
  "group-pk-changed",
  "group-renamed",
  "group-superuser-changed",
  "member-added",
  "member-removed",
  "member-unknown",
  "superuser-not-exempt",
];

/** Most severe first: the primary sort key of findings. */
export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];
