import { describe, expect, it } from "vitest";
import { createAccessEvaluator } from "../../src/access/index.js";
import type { AuditResult } from "../../src/audit/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import { OVERVIEW_LIMITS, createReportRenderer, pickOverviewStatus, toOverviewView } from "../../src/report/index.js";
import type { Baseline } from "../../src/baseline/index.js";
import {
  application,
  baselineBinding,
  baselineGroup,
  group,
  groupBinding,
  makeBaseline,
  makeSnapshot,
  seedBaseline,
  user,
} from "../fixtures/snapshots.js";
import { auditResultFor, driftedSnapshot, failingStatus, okStatus } from "./drifted-audit.js";

/** A result for `snapshot` against a runbook (the seed's by default), as runAudit builds it. */
function resultFor(snapshot: ReturnType<typeof makeSnapshot>, baseline: Baseline = seedBaseline()): AuditResult {
  const live = createAccessEvaluator(snapshot);
  return {
    snapshot,
    baseline,
    baselineText: "",
    diff: diffBaseline(baseline, snapshot, { live }),
    live,
    eventLog: null,
    startedAt: snapshot.takenAt,
    finishedAt: "2026-03-01T12:00:02.000Z",
    durationMs: 2000,
  };
}

describe("report/to-overview-view", () => {
  it("describes a failing audit loop with absolute times, never an age", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), failingStatus());

    expect(view.status).toMatchObject({
      state: "failing",
      label: "FAILING",
      lastError: "GET /api/v3/core/groups/ answered 502",
      lastSuccessAt: "2026-03-01T12:00:02.000Z",
      lastSuccessTime: "2026-03-01 12:00:02 UTC",
      lastAttemptTime: "2026-03-01 12:10:00 UTC",
      auditedTime: "2026-03-01 12:00:02 UTC",
      baselineValid: true,
      snapshotIncomplete: false,
      audits: { success: 12, failure: 1 },
    });
    expect(view.counts).toEqual([
      { severity: "critical", label: "Critical", count: 2 },
      { severity: "warning", label: "Warning", count: 4 },
      { severity: "info", label: "Info", count: 3 },
    ]);
    expect(view.totals).toBe("4 users (4 active), 9 groups, 12 applications, 8 bindings");
  });

  it("shows only the status the page prints, so a watch poll or a verification leaves it as it was", () => {
    const status = okStatus();
    const polled = { ...status, watch: { ...status.watch, polls: 40 }, verification: { ...status.verification, lastDisagreements: 2 } };

    expect(pickOverviewStatus(polled)).toEqual(pickOverviewStatus(status));
    expect(pickOverviewStatus({ ...status, running: true })).not.toEqual(pickOverviewStatus(status));
    expect(Object.keys(pickOverviewStatus(status)).sort()).toEqual([
      "audits",
      "baselineError",
      "baselineValid",
      "lastAttemptAt",
      "lastError",
      "lastSuccessAt",
      "running",
      "up",
    ]);
  });

  it("groups findings by application and by group, worst first, with counts by kind", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), okStatus());

    expect(
      view.findingsByApplication.groups.map((group) => [
        group.title,
        group.slug,
        group.severity,
        group.count,
        group.findings.map((finding) => finding.kind),
      ]),
    ).toEqual([
      ["Forgejo", "forgejo", "critical", 2, ["application-open", "binding-disabled"]],
      ["Immich", "immich", "critical", 2, ["application-open", "binding-missing"]],
      ["Proxmox VE", "proxmox", "warning", 1, ["application-now-restricted"]],
    ]);
    expect(view.findingsByApplication.more).toBe(0);
    expect(view.findingsByGroup.groups.map((group) => [group.title, group.severity, group.count])).toEqual([
      ["cloud-users", "warning", 1],
      ["media-users", "warning", 1],
      ["productivity-users", "warning", 1],
      ["media-fans", "info", 1],
    ]);
    expect(view.otherFindings.findings.map((finding) => finding.subject)).toEqual(["akadmin", "matt"]);
    expect(view.findingKinds.map((kind) => `${kind.kind} ${kind.severity} ${kind.count}`)).toEqual([
      "application-open critical 2",
      "application-now-restricted warning 1",
      "binding-disabled warning 1",
      "binding-missing warning 1",
      "member-added warning 1",
      "superuser-not-exempt info 2",
      "group-undocumented info 1",
    ]);
  });

  it("gives every application one compact row: its bindings, who may sign in (named when few) and its drift", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), okStatus());
    const row = (slug: string) => view.applications.find((app) => app.slug === slug);

    expect(view.applications.map((app) => app.slug)).toEqual([
      "forgejo",
      "headplane",
      "headscale",
      "immich",
      "jellyfin",
      "jellyseer",
      "mailcow",
      "nextcloud",
      "peertube",
      "proxmox",
      "vaultwarden",
      "watchtower",
    ]);
    expect(row("forgejo")).toMatchObject({
      state: "open",
      bound: "—",
      allowed: "everyone (4)",
      drift: "1 critical, 1 warning, +4",
      driftLevel: "critical",
      accessHref: "access.json?app=forgejo",
    });
    expect(row("jellyfin")).toMatchObject({
      state: "bound",
      bound: "group:media-users",
      allowed: "2: eve, jodie",
      indeterminate: 0,
      serviceAccounts: 0,
      drift: "+1",
      driftLevel: "changes",
    });
    expect(row("proxmox")).toMatchObject({ bound: "user:jodie", allowed: "1: jodie", drift: "1 warning, -3", driftLevel: "warning" });
    expect(row("vaultwarden")).toMatchObject({ allowed: "0", drift: "—", driftLevel: "none" });
  });

  it("gives every group a row with its member count, naming members only when few", () => {
    const members = Array.from({ length: 7 }, (_, index) => user(10 + index, `member${index}`));
    const snapshot = makeSnapshot({
      users: members,
      groups: [group("g-few", "few", [10, 11, 12]), group("g-many", "many", [10, 11, 12, 13, 14, 15, 16])],
      applications: [application("wiki"), application("chat")],
      bindings: [groupBinding("wiki", "g-many"), groupBinding("chat", "g-many"), groupBinding("chat", "g-few")],
    });

    const view = toOverviewView(resultFor(snapshot), okStatus());

    expect(view.groups.map(({ name, members, applications }) => [name, members, applications])).toEqual([
      ["few", "3: member0, member1, member2", 1],
      ["many", "7", 2],
    ]);
    expect(view.applications.find((app) => app.slug === "wiki")?.allowed).toBe("7");
    expect(view.applications.find((app) => app.slug === "chat")?.bound).toBe("group:few, group:many");
  });

  it("cuts the lists that grow with the drift, and counts what it leaves out", () => {
    const users = Array.from({ length: 30 }, (_, index) => user(100 + index, `person${String(index).padStart(2, "0")}`));
    const slugs = Array.from({ length: 80 }, (_, index) => `app${String(index).padStart(2, "0")}`);
    // The runbook binds every app to staff; authentik has lost every binding, so every app is open to all 30.
    const baseline = makeBaseline({
      groups: [baselineGroup("staff", "g-staff")],
      bindings: slugs.map((slug) => baselineBinding(slug, slug, "staff")),
    });
    const snapshot = makeSnapshot({ users, groups: [group("g-staff", "staff")], applications: slugs.map((slug) => application(slug)) });

    const view = toOverviewView(resultFor(snapshot, baseline), okStatus());

    expect(view.applications).toHaveLength(80);
    expect(view.findingsByApplication.groups).toHaveLength(OVERVIEW_LIMITS.findingGroups);
    expect(view.findingsByApplication.more).toBe(80 - OVERVIEW_LIMITS.findingGroups);
    expect(view.findingsByGroup.groups.map((entry) => [entry.title, entry.count, entry.findings.length, entry.more])).toEqual([
      ["staff", 80, OVERVIEW_LIMITS.findingsPerGroup, 80 - OVERVIEW_LIMITS.findingsPerGroup],
    ]);
    expect(view.findingKinds.map((kind) => `${kind.kind} ${kind.count}`)).toEqual(["application-open 80", "binding-missing 80"]);
    expect(view.accessChanges.rows).toHaveLength(OVERVIEW_LIMITS.accessChanges);
    expect(view.accessChanges.more).toBe(80 - OVERVIEW_LIMITS.accessChanges);
    expect(view.accessChanges.rows[0]?.people).toBe("person00, person01, person02, person03, person04 and 25 more");
    expect(view.openApplications.rows).toHaveLength(OVERVIEW_LIMITS.openApplications);
    expect(view.openApplications.more).toBe(80 - OVERVIEW_LIMITS.openApplications);
    expect(view.applications[0]).toMatchObject({ allowed: "everyone (30)", drift: "1 critical, 1 warning, +30" });
  });

  it("renders a self-contained page with stable ids, no refresh and no clock", () => {
    const html = createReportRenderer().overview(toOverviewView(auditResultFor(driftedSnapshot()), failingStatus()));

    for (const id of [
      "status",
      "summary",
      "findings",
      "finding-kinds",
      "findings-by-application",
      "findings-by-group",
      "access-changes",
      "open-apps",
      "applications",
      "groups",
    ]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).not.toMatch(/http-equiv|refresh|<script|\bago\b/i);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<link(?! rel="icon" href="data:,">)|\ssrc=|url\(/i);
    expect(html).toContain('audited at <time datetime="2026-03-01T12:00:02.000Z">2026-03-01 12:00:02 UTC</time>');
    expect(html.match(/<tr class="access-change" data-direction="gained"/g)).toHaveLength(5);
    expect(html).toContain('<tr class="access-change" data-direction="lost" data-count="3">');
    expect(html).toContain('<td class="direction">+4</td><td>via default</td><td>akadmin, eve, jodie, matt</td>');
    expect(html).toContain("<code>binding-missing:immich/cloud-users</code>");
    expect(html.match(/<tr class="finding" data-severity="critical"/g)).toHaveLength(2);
    expect(html).toContain('<section id="status" data-status="failing">');
    expect(html).toContain('<td class="allowed">2: eve, jodie <a href="access.json?app&#x3D;jellyfin">who</a></td>');
  });

  it("warns that an incomplete snapshot may hide findings, with its problems", () => {
    const snapshot = driftedSnapshot();
    const incomplete = { ...snapshot, completeness: { complete: false, problems: ["the token's user is not a superuser"] } };

    const html = createReportRenderer().overview(toOverviewView(auditResultFor(incomplete), okStatus()));

    expect(html).toContain('id="snapshot-incomplete"');
    expect(html).toContain("<li>the token&#x27;s user is not a superuser</li>");
  });

  it("says in sync, and lists no findings, for a state that matches the runbook", () => {
    const view = toOverviewView(auditResultFor(driftedSnapshot()), okStatus());
    const inSync = {
      ...view,
      inSync: true,
      hasFindings: false,
      findingsByApplication: { groups: [], more: 0 },
      findingsByGroup: { groups: [], more: 0 },
      otherFindings: { findings: [], count: 0, more: 0 },
      accessChanges: { rows: [], more: 0 },
    };

    const html = createReportRenderer().overview(inSync);

    expect(html).toContain('data-in-sync="true"');
    expect(html).toContain('<p class="muted" id="no-findings">No findings.</p>');
    expect(html).not.toContain('id="last-error"');
  });
});
