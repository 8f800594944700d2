import { FINDING_KINDS, SEVERITIES } from "./finding-kinds.js";
import { compareText } from "./format-list.js";
import type { Finding, FindingSubject } from "./types.js";

/** Most severe first, then by kind in spec order, then by subject; the rest only makes ties deterministic. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
      compareSubjects(a.subject, b.subject) ||
      compareText(a.id, b.id) ||
      compareText(JSON.stringify(a.expected), JSON.stringify(b.expected)) ||
      compareText(JSON.stringify(a.actual), JSON.stringify(b.actual)) ||
      compareText(a.message, b.message),
  );
}

function compareSubjects(a: FindingSubject, b: FindingSubject): number {
  return compareText(a.type, b.type) || compareText(primaryName(a), primaryName(b)) || compareText(groupOf(a), groupOf(b));
}

function primaryName(subject: FindingSubject): string {
  switch (subject.type) {
    case "application":
    case "binding":
      return subject.slug;
    case "group":
      return subject.name;
    case "user":
      return subject.username;
    case "acceptance":
      return subject.finding;
  }
}

function groupOf(subject: FindingSubject): string {
  return subject.type === "binding" || subject.type === "user" ? (subject.group ?? "") : "";
}
