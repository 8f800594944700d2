import type { Finding } from "../diff/index.js";

/** "accepted until 2027-01-31: riley helps with the migration", "acceptance expired on …: …", or null. */
export function describeAcceptance(finding: Finding): string | null {
  if (finding.accepted) {
    return `accepted${finding.accepted.until === null ? "" : ` until ${finding.accepted.until}`}: ${finding.accepted.reason}`;
  }
  if (finding.acceptanceExpired)
    return `acceptance expired on ${finding.acceptanceExpired.until ?? "?"}: ${finding.acceptanceExpired.reason}`;
  return null;
}
