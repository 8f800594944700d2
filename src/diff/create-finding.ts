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
  return { id: findingId(kind, subject), kind, severity, subject, expected, actual, message };
}

/** `<kind>:<subject>`: what the acceptance table names (README, "Finding ids"). */
export function findingId(kind: FindingKind, subject: FindingSubject): string {
  switch (subject.type) {
    case "application":
      return `${kind}:${subject.slug}`;
    case "group":
      return `${kind}:${subject.name}`;
    case "binding":
      return `${kind}:${subject.slug}/${subject.group}`;
    case "user":
      return subject.group === undefined ? `${kind}:${subject.username}` : `${kind}:${subject.group}/${subject.username}`;
    case "acceptance":
      return `${kind}:${subject.finding}`;
  }
}
