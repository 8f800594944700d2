import { diffBaseline } from "../../diff/index.js";
import type { DiffResult, Severity } from "../../diff/index.js";
import { attributeFindings, readRecentEvents, summarizeAttribution } from "../../events/index.js";
import type { EventLog } from "../../events/index.js";
import { createPaint, createReportRenderer, renderCheckText, renderDiffMarkdown, toCheckJson } from "../../report/index.js";
import { takeSnapshot } from "../../snapshot/index.js";
import type { Snapshot } from "../../snapshot/index.js";
import { sanitizeTerminalText } from "../../text/index.js";
import { ExitCode } from "../cli-context.js";
import { printData } from "../print-data.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { loadBaselineFile } from "../load-baseline-file.js";
import { configFrom, loadLiveOrSavedSnapshot } from "../load-live-or-saved-snapshot.js";
import { useColor } from "../use-color.js";

export interface CheckCommandOptions {
  format: "text" | "json" | "markdown";
  failOn: Severity;
  details?: boolean;
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

/** Drift at or above the threshold; access changes count as warnings; accepted findings and changes count for nothing. */
export function driftsAtOrAbove(diff: DiffResult, failOn: Severity): boolean {
  if (diff.findings.some((finding) => !finding.accepted && RANK[finding.severity] >= RANK[failOn])) return true;
  return diff.accessChanges.some((change) => !change.accepted) && RANK.warning >= RANK[failOn];
}

/** `ak-access check`: one audit against the baseline; exit 1 on drift at or above `failOn`. */
export async function runCheck(options: CheckCommandOptions, globals: GlobalOptions, context: CliContext): Promise<void> {
  const config = configFrom(globals, context);
  const { baseline } = await loadBaselineFile(config.baselineFile, config.maxRunbookBytes);
  const { snapshot, eventLog } = await readAuthentik(globals, context);
  const drift = diffBaseline(baseline, snapshot);
  const diff = { ...drift, findings: attributeFindings(drift.findings, eventLog?.events ?? [], { baseline, snapshot }) };
  const attribution = summarizeAttribution(eventLog);
  // A partial snapshot makes drift that is not there; say so on stderr, whatever the format.
  for (const problem of snapshot.completeness.problems)
    context.stderr.write(`ak-access: warning: incomplete snapshot: ${sanitizeTerminalText(problem)}\n`);
  if (attribution?.notice) context.stderr.write(`ak-access: notice: ${sanitizeTerminalText(attribution.notice)}\n`);

  if (options.format === "json") {
    printData(context.stdout, `${JSON.stringify(toCheckJson(diff, snapshot.completeness, attribution), null, 2)}\n`);
  } else if (options.format === "markdown") {
    const markdown = renderDiffMarkdown(createReportRenderer(), diff, {
      baselineFile: config.baselineFile,
      source: snapshot.source.url,
      takenAt: snapshot.takenAt,
      applications: snapshot.applications,
      attribution,
      completenessProblems: snapshot.completeness.problems,
      details: options.details === true,
    });
    printData(context.stdout, markdown);
  } else {
    const paint = createPaint(useColor(context.stdout, context.env));
    context.stdout.write(
      renderCheckText(
        diff,
        {
          baselineFile: config.baselineFile,
          source: snapshot.source.url,
          takenAt: snapshot.takenAt,
          completenessProblems: snapshot.completeness.problems,
          details: options.details === true,
        },
        paint,
      ),
    );
  }
  if (driftsAtOrAbove(diff, options.failOn)) throw new ExitCode(1);
}

/**
 * A saved snapshot has no event log: its findings are unattributed. Live, the snapshot is taken, then
 * the recent events are read (AK_ACCESS_EVENTS_WINDOW; 0 skips them) with the same client.
 */
async function readAuthentik(globals: GlobalOptions, context: CliContext): Promise<{ snapshot: Snapshot; eventLog: EventLog | null }> {
  if (globals.snapshot) return { snapshot: await loadLiveOrSavedSnapshot(globals, context), eventLog: null };
  const config = configFrom(globals, context);
  const { connect } = await import("../connect-authentik.js");
  const client = connect(config, context, "read-only");
  try {
    const snapshot = await takeSnapshot(client, { now: context.now });
    const eventLog =
      config.eventsWindowMs > 0 ? await readRecentEvents(client, { windowMs: config.eventsWindowMs, now: context.now }) : null;
    return { snapshot, eventLog };
  } finally {
    await client.close();
  }
}
