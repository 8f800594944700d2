import { describe, expect, it } from "vitest";
import type { DiffResult } from "../../src/diff/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import { createReportRenderer, toDiffReportView } from "../../src/report/index.js";
import type { DiffReportContext } from "../../src/report/index.js";
import { seedBaseline, seedSnapshot } from "../fixtures/snapshots.js";
import { driftedSnapshot } from "./drifted-audit.js";

function contextFor(snapshot = seedSnapshot(), details = false): DiffReportContext {
  return {
    baselineFile: "access-groups.md",
    source: snapshot.source.url,
    takenAt: snapshot.takenAt,
    applications: snapshot.applications,
    completenessProblems: [],
    details,
  };
}

describe("report/to-diff-report-view", () => {
  it("groups the findings by severity, most severe first, leaving out empty severities", () => {
    const snapshot = driftedSnapshot();
    const diff = diffBaseline(seedBaseline(), snapshot);

    const view = toDiffReportView(diff, contextFor(snapshot));

    expect(view.inSync).toBe(false);
    expect(view.summary).toEqual({ critical: 2, warning: 4, info: 3, accepted: 0, accessChanges: 14 });
    expect(view.severities.map((group) => [group.title, group.count])).toEqual([
      ["Critical", 2],
      ["Warning", 4],
      ["Info", 3],
    ]);
    expect(view.severities[1]?.findings).toContainEqual({
      id: "`binding-missing:immich/cloud-users`",
      message: "Immich has no binding to cloud-users, although the runbook lists that binding",
      note: null,
    });
    expect(view.severities[1]?.findings).toContainEqual({
      id: "`member-added:media-users/eve`",
      message: "eve was added to media-users, which the runbook does not list",
      note: null,
    });
    expect(view.accepted).toBeNull();
  });

  it("groups the access changes by app, direction and cause, and names each app", () => {
    const snapshot = driftedSnapshot();
    const diff = diffBaseline(seedBaseline(), snapshot);

    const view = toDiffReportView(diff, contextFor(snapshot));

    expect(view.accessChangeTotals).toBe("4 people on 6 applications");
    expect(view.accessChanges).toEqual([
      { application: "Forgejo (forgejo)", change: "+4", cause: "via default", people: "akadmin, eve, jodie, matt" },
      { application: "Immich (immich)", change: "+4", cause: "via default", people: "akadmin, eve, jodie, matt" },
      { application: "Jellyfin (jellyfin)", change: "+1", cause: "via group:media-users", people: "eve" },
      { application: "Jellyseer (jellyseer)", change: "+1", cause: "via group:media-users", people: "eve" },
      { application: "PeerTube (peertube)", change: "+1", cause: "via group:media-users", people: "eve" },
      { application: "Proxmox VE (proxmox)", change: "-3", cause: "was via default", people: "akadmin, eve, matt" },
    ]);
    expect(view.omitted).toBe(0);
  });

  it("lists each person's change, with what decided it, with details", () => {
    const snapshot = driftedSnapshot();
    const diff = diffBaseline(seedBaseline(), snapshot);

    const view = toDiffReportView(diff, contextFor(snapshot, true));

    expect(view.accessChanges).toHaveLength(14);
    expect(view.accessChanges[0]).toEqual({
      application: "Forgejo (forgejo)",
      change: "deny → allow",
      cause: "via default",
      people: "akadmin",
    });
    expect(view.accessChanges).toContainEqual({
      application: "Jellyfin (jellyfin)",
      change: "deny → allow",
      cause: "via group:media-users",
      people: "eve",
    });
    expect(view.accessChanges).toContainEqual({
      application: "Proxmox VE (proxmox)",
      change: "allow → deny",
      cause: "was via default",
      people: "matt",
    });
  });

  it("shows a slug the snapshot lacks on its own, and a lost change by what used to let the user in", () => {
    const diff: DiffResult = {
      inSync: false,
      summary: { critical: 0, warning: 0, info: 0, accepted: 0 },
      findings: [],
      accessChanges: [
        {
          username: "jodie",
          slug: "gone",
          expected: "allow",
          actual: "deny",
          direction: "lost",
          serviceAccount: false,
          via: ["group:other"],
          expectedVia: ["group:media-users"],
        },
      ],
      accessChangeGroups: [
        {
          slug: "gone",
          direction: "lost",
          serviceAccounts: false,
          via: ["group:media-users"],
          count: 1,
          usernames: ["jodie"],
          accepted: false,
        },
      ],
    };

    const view = toDiffReportView(diff, contextFor());
    const detailed = toDiffReportView(diff, contextFor(seedSnapshot(), true));

    expect(view.accessChanges).toEqual([{ application: "gone", change: "-1", cause: "was via group:media-users", people: "jodie" }]);
    expect(detailed.accessChanges).toEqual([
      { application: "gone", change: "allow → deny", cause: "was via group:media-users", people: "jodie" },
    ]);
  });

  it("renders an in-sync audit with its notes and no access-changes table", () => {
    const diff = diffBaseline(seedBaseline(), seedSnapshot());

    const markdown = createReportRenderer().diffReport(toDiffReportView(diff, contextFor()));

    expect(markdown).toContain("**In sync:** authentik matches the runbook's tables.");
    expect(markdown).toContain("| 0 | 0 | 2 | 0 | 0 |");
    expect(markdown).toContain("### Info (2)");
    expect(markdown).not.toContain("### Access changes");
    expect(markdown).not.toContain("### Critical");
    expect(markdown).not.toContain("### Accepted");
    expect(markdown).not.toContain("Incomplete snapshot");
  });
});
