import { memoizePerResult, memoizePerResultAndStatus, resolveResultAccess } from "./audit/index.js";
import type { AuditStore } from "./audit/index.js";
import { AuditorError } from "./errors.js";
import { summarizeAttribution } from "./events/index.js";
import type { HttpRenderers } from "./http/index.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics/index.js";
import {
  pickOverviewStatus,
  regenerateRunbook,
  renderDiffMarkdown,
  toCheckJson,
  toOverviewView,
  toQuickReferenceView,
} from "./report/index.js";
import type { ReportRenderer } from "./report/index.js";

/**
 * The service's pages, each rendered once per audit result (the overview once per result and shown
 * status) and handed out as the same string until the next: a request costs a lookup, whatever the
 * tenant's size. Access comes from the result's live evaluator; nothing here builds another.
 */
export function createHttpRenderers(renderer: ReportRenderer, baselineFile: string): HttpRenderers {
  return {
    quickReference: memoizePerResult((result) =>
      renderer.quickReference(
        toQuickReferenceView(result.snapshot, {
          baseline: result.baseline,
          sections: { matrix: true, notices: true },
          evaluator: result.live,
        }),
      ),
    ),
    diffMarkdown: memoizePerResult((result) =>
      renderDiffMarkdown(renderer, result.diff, {
        baselineFile,
        source: result.snapshot.source.url,
        takenAt: result.snapshot.takenAt,
        applications: result.snapshot.applications,
        completenessProblems: result.snapshot.completeness.problems,
        attribution: summarizeAttribution(result.eventLog),
      }),
    ),
    diffJson: memoizePerResult((result) =>
      JSON.stringify({
        ...toCheckJson(result.diff, result.snapshot.completeness, summarizeAttribution(result.eventLog)),
        auditedAt: result.finishedAt,
      }),
    ),
    overviewHtml: memoizePerResultAndStatus(pickOverviewStatus, (result, status) => renderer.overview(toOverviewView(result, status))),
    runbook: memoizePerResult((result) => {
      const regenerated = regenerateRunbook(renderer, {
        runbook: result.baselineText,
        baseline: result.baseline,
        snapshot: result.snapshot,
        sections: { matrix: false, notices: false },
        evaluator: result.live,
      });
      if (!regenerated.ok) throw new AuditorError("baseline", `${baselineFile}: ${regenerated.message}`);
      return regenerated.text;
    }),
    access: resolveResultAccess,
  };
}

/**
 * Render what the next request for `/` and `/metrics` will ask for, right after the status changed
 * (an audit started or ended), so no request waits for a render. A failure is logged; the request
 * then renders (and reports) it itself.
 */
export function prerenderPages(store: AuditStore, renderers: HttpRenderers, metrics: Pick<Metrics, "scrape">, logger: Logger): void {
  const latest = store.latest();
  if (latest === null) return;
  const failed = (error: unknown) => logger.warn({ err: error }, "could not render the pages ahead of a request");
  try {
    renderers.overviewHtml(latest, store.status());
  } catch (error) {
    failed(error);
  }
  // A whole scrape, not only the audit's part: the first one also reads /proc and warms its code.
  metrics.scrape().catch(failed);
}
