import { describe, expect, it } from "vitest";
import type { DiffResult } from "../../src/diff/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import { createReportRenderer, toDiffReportView } from "../../src/report/index.js";
import type { DiffReportContext } from "../../src/report/index.js";
import { seedBaseline, seedSnapshot } from "../fixtures/snapshots.js";
import { driftedSnapshot } from "./drifted-audit.js";

function contextFor(snapshot = seedSnapshot()): DiffReportContext {
  return { baselineFile: "access-groups.md", source: snapshot.source.url, takenAt: snapshot.takenAt, applications: snapshot.applications };
}

describe("report/to-diff-report-view", () => {
  it("groups the findings by severity, most severe first, leaving out empty severities", () => {
    const snapshot = driftedSnapshot();
    const diff = diffBaseline(seedBaseline(), snapshot);

    const view = toDiffReportView(diff, contextFor(snapshot));

    expect(view.inSync).toBe(false);
    expect(view.summary).toEqual({ critical: 2, warning: 4, info: 3, accessChanges: 14 });
    expect(view.severities.map((group) => [group.title, group.count])).toEqual([
      ["Critical", 2],
      ["Warning", 4],
      ["Info", 3],
    ]);
    expect(view.severities[1]?.findings).toContainEqual({
      kind: "`binding-missing`",
      subject: "immich ← cloud-users",
      message: "Immich has no binding to cloud-users, although the runbook lists that binding",
    });
    expect(view.severities[1]?.findings).toContainEqual({
      kind: "`member-added`",
      subject: "eve in media-users",
      message: "eve was added to media-users, which the runbook does not list",
    });
  });

  it("names each access change's app and says what decided it", () => {
    const snapshot = driftedSnapshot();
    const diff = diffBaseline(seedBaseline(), snapshot);

    const view = toDiffReportView(diff, contextFor(snapshot));

    expect(view.accessChanges[0]).toEqual({
      username: "akadmin",
      application: "Forgejo (forgejo)",
      change: "deny → allow",
      via: "default",
    });
    expect(view.accessChanges).toContainEqual({
      username: "eve",
      application: "Jellyfin (jellyfin)",
      change: "deny → allow",
      via: "group:media-users",
    });
  });

  it("shows a slug the snapshot lacks on its own, and — for an empty via", () => {
    const diff: DiffResult = {
      inSync: false,
      summary: { critical: 0, warning: 0, info: 0 },
      findings: [],
      accessChanges: [{ username: "jodie", slug: "gone", expected: "allow", actual: "deny", via: [] }],
    };

    const view = toDiffReportView(diff, contextFor());

    expect(view.accessChanges).toEqual([{ username: "jodie", application: "gone", change: "allow → deny", via: "—" }]);
  });

  it("renders an in-sync audit with its notes and no access-changes table", () => {
    const diff = diffBaseline(seedBaseline(), seedSnapshot());

    const markdown = createReportRenderer().diffReport(toDiffReportView(diff, contextFor()));

    expect(markdown).toContain("**In sync:** authentik matches the runbook's tables.");
    expect(markdown).toContain("| 0 | 0 | 2 | 0 |");
    expect(markdown).toContain("### Info (2)");
    expect(markdown).not.toContain("### Access changes");
    expect(markdown).not.toContain("### Critical");
  });
});
