import type { Finding, FindingKind, FindingSubject, FindingValue, Severity } from "./types.js";

/** Keeps the field order of every finding identical, so the JSON output reads the same everywhere. */
export function createFinding(
  kind: FindingKind,
  severity: Severity,
  subject: FindingSubject,
  expected: FindingValue,
  actual: FindingValue,
  message: string,
): Finding {
  return { kind, severity, subject, expected, actual, message };
}
