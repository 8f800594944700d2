import type { DiffResult, Severity } from "../diff/index.js";
import { sanitizeTerminalText as safe } from "../text/index.js";
import { describeSubject } from "./describe-subject.js";
import type { Paint } from "./paint.js";
import { renderFindingEventsText } from "./render-finding-events-text.js";

const HEADINGS: Record<Severity, { title: string; style: "red" | "yellow" | "cyan" }> = {
  critical: { title: "CRITICAL", style: "red" },
  warning: { title: "WARNING", style: "yellow" },
  info: { title: "INFO", style: "cyan" },
};

export interface CheckTextContext {
  baselineFile: string;
  source: string;
  takenAt: string;
}

/** `check --format text`: a verdict line, the findings grouped by severity, then the access changes. */
export function renderCheckText(diff: DiffResult, context: CheckTextContext, paint: Paint): string {
  const { critical, warning, info } = diff.summary;
  const verdict = diff.inSync ? paint("green", "in sync") : paint("bold", "drift");
  const lines = [
    `${verdict}: ${critical} critical, ${warning} warning, ${info} info, ${diff.accessChanges.length} access change${diff.accessChanges.length === 1 ? "" : "s"}`,
    paint("dim", `baseline ${safe(context.baselineFile)} against ${safe(context.source)} at ${context.takenAt}`),
  ];
  for (const severity of ["critical", "warning", "info"] as const) {
    const findings = diff.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    const heading = HEADINGS[severity];
    lines.push("", paint(heading.style, paint("bold", `${heading.title} (${findings.length})`)));
    const width = Math.max(...findings.map((finding) => finding.kind.length));
    for (const finding of findings) {
      lines.push(
        `  ${paint(heading.style, finding.kind.padEnd(width))}  ${safe(describeSubject(finding.subject))}: ${safe(finding.message)}`,
      );
      lines.push(...renderFindingEventsText(finding, " ".repeat(width + 4), paint));
    }
  }
  if (diff.accessChanges.length > 0) {
    lines.push("", paint("bold", `ACCESS CHANGES (${diff.accessChanges.length})`));
    const userWidth = Math.max(...diff.accessChanges.map((change) => safe(change.username).length));
    const slugWidth = Math.max(...diff.accessChanges.map((change) => safe(change.slug).length));
    for (const change of diff.accessChanges) {
      const gained = change.expected === "deny";
      const sign = gained ? paint("red", "+") : paint("yellow", "-");
      const via = change.via.length > 0 ? `  via ${safe(change.via.join(", "))}` : "";
      lines.push(
        `  ${sign} ${safe(change.username).padEnd(userWidth)}  ${safe(change.slug).padEnd(slugWidth)}  ${change.expected} -> ${change.actual}${via}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
