import { describe, expect, it } from "vitest";
import { createReportRenderer, toOverviewView } from "../../src/report/index.js";
import { auditResultFor, driftedSnapshot, failingStatus, NOW, okStatus } from "./drifted-audit.js";

describe("report/to-overview-view", () => {
  it("describes a failing audit loop and the age of the result it still shows", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), failingStatus(), NOW);

    expect(view.status).toMatchObject({
      state: "failing",
      label: "FAILING",
      lastError: "GET /api/v3/core/groups/ answered 502",
      lastSuccessAt: "2026-03-01T12:00:02.000Z",
      lastSuccessAge: "11 min ago",
      auditAge: "11 min ago",
      baselineValid: true,
      snapshotIncomplete: false,
      audits: { success: 12, failure: 1 },
    });
    expect(view.counts).toEqual([
      { severity: "critical", label: "Critical", count: 2 },
      { severity: "warning", label: "Warning", count: 4 },
      { severity: "info", label: "Info", count: 3 },
    ]);
  });

  it("groups findings by application and by group, worst first, and keeps user notes apart", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), okStatus(), NOW);

    expect(
      view.findingsByApplication.map((group) => [group.title, group.slug, group.severity, group.findings.map((finding) => finding.kind)]),
    ).toEqual([
      ["Forgejo", "forgejo", "critical", ["application-open", "binding-disabled"]],
      ["Immich", "immich", "critical", ["application-open", "binding-missing"]],
      ["Proxmox VE", "proxmox", "warning", ["application-now-restricted"]],
    ]);
    expect(view.findingsByGroup.map((group) => [group.title, group.severity, group.findings.length])).toEqual([
      ["cloud-users", "warning", 1],
      ["media-users", "warning", 1],
      ["productivity-users", "warning", 1],
      ["media-fans", "info", 1],
    ]);
    expect(view.otherFindings.map((finding) => finding.subject)).toEqual(["akadmin", "matt"]);
  });

  it("tells gained from lost access and lists the apps open to everyone", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), okStatus(), NOW);

    expect(view.accessChangeTotals).toBe("4 people on 6 applications");
    expect(view.accessChanges.filter((change) => change.direction === "lost")).toEqual([
      {
        application: "Proxmox VE",
        slug: "proxmox",
        direction: "lost",
        count: 3,
        change: "-3",
        cause: "was via default",
        people: "akadmin, eve, matt",
      },
    ]);
    expect(view.accessChanges[0]).toEqual({
      application: "Forgejo",
      slug: "forgejo",
      direction: "gained",
      count: 4,
      change: "+4",
      cause: "via default",
      people: "akadmin, eve, jodie, matt",
    });
    expect(view.accessChanges.map((change) => `${change.change} ${change.slug}`)).toEqual([
      "+4 forgejo",
      "+4 immich",
      "+1 jellyfin",
      "+1 jellyseer",
      "+1 peertube",
      "-3 proxmox",
    ]);
    expect(view.openApplications.map((app) => [app.slug, app.activeUsers, app.activeServiceAccounts])).toEqual([
      ["forgejo", 4, 0],
      ["headplane", 4, 0],
      ["headscale", 4, 0],
      ["immich", 4, 0],
      ["watchtower", 4, 0],
    ]);
    expect(view.matrix.rows.find((row) => row.slug === "jellyfin")).toMatchObject({ state: "bound", users: "2" });
  });

  it("renders a self-contained page with stable ids for each part", () => {
    const html = createReportRenderer().overview(toOverviewView(auditResultFor(driftedSnapshot()), failingStatus(), NOW));

    for (const id of [
      "status",
      "summary",
      "findings",
      "findings-by-application",
      "findings-by-group",
      "access-changes",
      "open-apps",
      "access-matrix",
    ]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<meta http-equiv="refresh" content="60">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<script|<link(?! rel="icon" href="data:,">)|\ssrc=|url\(/i);
    expect(html.match(/<tr class="access-change" data-direction="gained"/g)).toHaveLength(5);
    expect(html).toContain('<tr class="access-change" data-direction="lost" data-count="3">');
    expect(html).toContain('<td class="direction">+4</td><td>via default</td><td>akadmin, eve, jodie, matt</td>');
    expect(html).toContain("<code>binding-missing:immich/cloud-users</code>");
    expect(html.match(/<tr class="finding" data-severity="critical"/g)).toHaveLength(2);
    expect(html).toContain('<section id="status" data-status="failing">');
  });

  it("warns that an incomplete snapshot may hide findings, with its problems", () => {
    const snapshot = driftedSnapshot();
    const incomplete = { ...snapshot, completeness: { complete: false, problems: ["the token's user is not a superuser"] } };

    const html = createReportRenderer().overview(toOverviewView(auditResultFor(incomplete), okStatus(), NOW));

    expect(html).toContain('id="snapshot-incomplete"');
    expect(html).toContain("<li>the token&#x27;s user is not a superuser</li>");
  });

  it("says in sync, and lists no findings, for a state that matches the runbook", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), okStatus(), NOW);
    const inSync = {
      ...view,
      inSync: true,
      hasFindings: false,
      findingsByApplication: [],
      findingsByGroup: [],
      otherFindings: [],
      accessChanges: [],
    };

    const html = createReportRenderer().overview(inSync);

    expect(html).toContain('data-in-sync="true"');
    expect(html).toContain('<p class="muted" id="no-findings">No findings.</p>');
    expect(html).not.toContain('id="last-error"');
  });
});
