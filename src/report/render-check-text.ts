import type { AccessChange, DiffResult, Finding, Severity } from "../diff/index.js";
import { sanitizeTerminalText as safe } from "../text/index.js";
import { describeCause, describeChangeTotals, formatChangeCount, summariseNames } from "./describe-access-changes.js";
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
  /** What the snapshot could not see; shown first, because it makes drift that is not there. */
  completenessProblems: readonly string[];
  /** One line per changed person instead of the grouped view. */
  details?: boolean;
}

/**
 * `check --format text`: a verdict line, the findings by severity (each with its id, to accept it by),
 * the accepted ones apart, then the access changes grouped by app, direction and cause.
 */
export function renderCheckText(diff: DiffResult, context: CheckTextContext, paint: Paint): string {
  const { critical, warning, info, accepted } = diff.summary;
  const counting = diff.accessChanges.filter((change) => !change.accepted);
  const verdict = diff.inSync ? paint("green", "in sync") : paint("bold", "drift");
  const acceptedNote = accepted > 0 ? `, ${accepted} accepted` : "";
  const lines = [
    `${verdict}: ${critical} critical, ${warning} warning, ${info} info, ${counting.length} access change${counting.length === 1 ? "" : "s"}${acceptedNote}`,
    paint("dim", `baseline ${safe(context.baselineFile)} against ${safe(context.source)} at ${context.takenAt}`),
  ];
  for (const problem of context.completenessProblems) lines.push(paint("yellow", `incomplete snapshot: ${safe(problem)}`));

  for (const severity of ["critical", "warning", "info"] as const) {
    const findings = diff.findings.filter((finding) => finding.severity === severity && !finding.accepted);
    if (findings.length === 0) continue;
    const heading = HEADINGS[severity];
    lines.push("", paint(heading.style, paint("bold", `${heading.title} (${findings.length})`)));
    pushFindings(lines, findings, (id) => paint(heading.style, id), paint);
  }
  const acceptedFindings = diff.findings.filter((finding) => finding.accepted);
  if (acceptedFindings.length > 0) {
    lines.push("", paint("dim", paint("bold", `ACCEPTED (${acceptedFindings.length})`)));
    pushFindings(lines, acceptedFindings, (id) => paint("dim", id), paint);
  }

  if (diff.accessChanges.length > 0) {
    const groups = diff.accessChangeGroups;
    lines.push("", paint("bold", `ACCESS CHANGES (${describeChangeTotals(groups.filter((group) => !group.accepted))})`));
    if (context.details) pushDetails(lines, diff.accessChanges, paint);
    else {
      const slugWidth = Math.max(...groups.map((group) => safe(group.slug).length));
      const countWidth = Math.max(...groups.map((group) => formatChangeCount(group).length));
      for (const group of groups) {
        const count = formatChangeCount(group).padEnd(countWidth);
        const sign =
          group.direction === "gained" ? paint("red", count) : group.direction === "lost" ? paint("yellow", count) : paint("cyan", count);
        const who = `${group.serviceAccounts ? "service accounts: " : ""}${safe(summariseNames(group.usernames))}`;
        const tail = group.accepted ? paint("dim", " (accepted)") : "";
        lines.push(`  ${safe(group.slug).padEnd(slugWidth)}  ${sign}  ${safe(describeCause(group))}  ${paint("dim", who)}${tail}`);
      }
      if (groups.some((group) => group.count > 5)) lines.push(paint("dim", "  (--details lists everyone; --format json has every change)"));
    }
  }
  return `${lines.join("\n")}\n`;
}

function pushFindings(lines: string[], findings: readonly Finding[], style: (id: string) => string, paint: Paint): void {
  for (const finding of findings) {
    lines.push(`  ${style(safe(finding.id))}  ${safe(finding.message)}`);
    lines.push(...renderFindingEventsText(finding, "      ", paint));
    if (finding.accepted) {
      const until = finding.accepted.until === null ? "" : ` until ${finding.accepted.until}`;
      lines.push(`      accepted${safe(until)}: ${safe(finding.accepted.reason)}`);
    }
    if (finding.acceptanceExpired) {
      lines.push(
        `      its acceptance expired on ${safe(finding.acceptanceExpired.until ?? "?")} (${safe(finding.acceptanceExpired.reason)}), so it counts again`,
      );
    }
  }
}

function pushDetails(lines: string[], changes: readonly AccessChange[], paint: Paint): void {
  const userWidth = Math.max(...changes.map((change) => safe(change.username).length));
  const slugWidth = Math.max(...changes.map((change) => safe(change.slug).length));
  for (const change of changes) {
    const sign =
      change.direction === "gained" ? paint("red", "+") : change.direction === "lost" ? paint("yellow", "-") : paint("cyan", "~");
    const via = change.direction === "lost" ? change.expectedVia : change.via;
    const cause = via.length > 0 ? `  ${change.direction === "lost" ? "was via" : "via"} ${safe(via.join(", "))}` : "";
    const tail = change.accepted ? " (accepted)" : change.serviceAccount ? " (service account)" : "";
    lines.push(
      `  ${sign} ${safe(change.username).padEnd(userWidth)}  ${safe(change.slug).padEnd(slugWidth)}  ${change.expected} -> ${change.actual}${cause}${tail}`,
    );
  }
}
