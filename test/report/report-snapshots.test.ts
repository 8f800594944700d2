import { describe, expect, it } from "vitest";
import { summarizeAttribution } from "../../src/events/index.js";
import { createReportRenderer, toDiffReportView, toOverviewView, toQuickReferenceView } from "../../src/report/index.js";
import { seedBaseline } from "../fixtures/snapshots.js";
import { auditResultFor, driftedSnapshot, failingStatus } from "./drifted-audit.js";

// Whole rendered reports, reviewed as files: a template change shows up as a diff of what people read.
describe("report: whole rendered reports", () => {
  const renderer = createReportRenderer();
  const result = auditResultFor(driftedSnapshot());

  it("renders the quick reference with the matrix and notices", async () => {
    const view = toQuickReferenceView(result.snapshot, {
      baseline: seedBaseline(),
      diff: result.diff,
      sections: { matrix: true, notices: true },
    });

    const markdown = renderer.quickReference(view);

    await expect(markdown).toMatchFileSnapshot("__snapshots__/quick-reference.md");
  });

  it("renders the diff report", async () => {
    const view = toDiffReportView(result.diff, {
      baselineFile: "access-groups.md",
      source: result.snapshot.source.url,
      takenAt: result.snapshot.takenAt,
      applications: result.snapshot.applications,
      attribution: summarizeAttribution(result.eventLog),
      completenessProblems: [...result.snapshot.completeness.problems],
    });

    const markdown = renderer.diffReport(view);

    await expect(markdown).toMatchFileSnapshot("__snapshots__/diff-report.md");
  });

  it("renders the overview page", async () => {
    const html = renderer.overview(toOverviewView(result, failingStatus()));

    await expect(html).toMatchFileSnapshot("__snapshots__/overview.html");
  });
});
