import type { DiffResult } from "../diff/index.js";
import type { ReportRenderer } from "./create-report-renderer.js";
import { NO_LIMITS, toDiffReportView } from "./to-diff-report-view.js";
import type { DiffReportContext } from "./to-diff-report-view.js";

/** A GitHub or GitLab comment holds at most 65,536 characters. */
export const MARKDOWN_COMMENT_LIMIT = 65_536;

// Each step shows fewer findings and access-change groups; the last shows only the counts.
const STEPS = [NO_LIMITS, 500, 200, 100, 50, 20, 10, 5, 0].map((limit) =>
  typeof limit === "number" ? { findings: limit, accessChanges: limit } : limit,
);

/**
 * The Markdown diff report, cut to fit a PR or issue comment however large the drift: when the whole
 * report is too long, fewer rows of each list are shown, with a pointer to `/diff` and `--details` for
 * the rest. JSON keeps everything.
 */
export function renderDiffMarkdown(renderer: ReportRenderer, diff: DiffResult, context: DiffReportContext): string {
  let markdown = "";
  for (const limits of STEPS) {
    markdown = renderer.diffReport(toDiffReportView(diff, context, limits));
    if (markdown.length <= MARKDOWN_COMMENT_LIMIT) return markdown;
  }
  return markdown;
}
