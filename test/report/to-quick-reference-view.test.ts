import { describe, expect, it } from "vitest";
import { diffBaseline } from "../../src/diff/index.js";
import { parseBaseline } from "../../src/baseline/index.js";
import { createReportRenderer, toQuickReferenceView } from "../../src/report/index.js";
import type { MarkdownTableView, QuickReferenceOptions } from "../../src/report/index.js";
import {
  application,
  editSnapshot,
  group,
  groupBinding,
  makeSnapshot,
  policyBinding,
  seedBaseline,
  seedSnapshot,
  SEED_GROUPS,
  user,
  userBinding,
} from "../fixtures/snapshots.js";

const PK = {
  a: "00000000-0000-4000-8000-00000000000a",
  b: "00000000-0000-4000-8000-00000000000b",
  c: "00000000-0000-4000-8000-00000000000c",
  d: "00000000-0000-4000-8000-00000000000d",
} as const;
const TABLES_ONLY: QuickReferenceOptions = { baseline: null, sections: { matrix: false, notices: false } };
const EVERYTHING: QuickReferenceOptions = { baseline: null, sections: { matrix: true, notices: true } };

/** One column's cells, top to bottom; fails when the table has no such column. */
function column(table: MarkdownTableView, header: string): string[] {
  const index = table.header.indexOf(header);
  expect(table.header).toContain(header);
  return table.rows.map((row) => row[index] ?? "");
}

/** Each row as header → cell. */
function records(table: MarkdownTableView): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((header, index) => [header, row[index] ?? ""])));
}

/** `slug:group` for each bindings row. */
function slugGroup(table: MarkdownTableView): string[] {
  const groups = column(table, "Group");
  return column(table, "Slug").map((slug, index) => `${slug}:${groups[index]}`);
}

describe("report/to-quick-reference-view: rows and their order", () => {
  it("sorts groups case-insensitively by name without a baseline", () => {
    const view = toQuickReferenceView(seedSnapshot(), TABLES_ONLY);

    expect(column(view.tables.groups, "Group")).toEqual([
      "authentik Admins",
      "cloud-users",
      "communication-users",
      "media-users",
      "productivity-users",
      "proxmox_admins",
      "proxmox_users",
      "security-users",
    ]);
  });

  it("keeps the baseline's order for rows that still exist and appends new ones sorted", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.groups = draft.groups.filter((row) => row.name !== "media-users");
      draft.groups.push(group(PK.b, "beta-users"), group(PK.a, "Alpha-users"));
      draft.bindings = draft.bindings.filter((binding) => binding.group !== SEED_GROUPS.media);
      draft.bindings.push(groupBinding("headplane", SEED_GROUPS.admins, { pk: PK.c }));
    });

    const view = toQuickReferenceView(snapshot, { ...TABLES_ONLY, baseline: seedBaseline() });

    expect(column(view.tables.groups, "Group")).toEqual([
      "authentik Admins",
      "communication-users",
      "security-users",
      "productivity-users",
      "cloud-users",
      "proxmox_admins",
      "proxmox_users",
      "Alpha-users",
      "beta-users",
    ]);
    expect(slugGroup(view.tables.bindings)).toEqual([
      "mailcow:communication-users",
      "vaultwarden:security-users",
      "forgejo:productivity-users",
      "nextcloud:cloud-users",
      "immich:cloud-users",
      "headplane:authentik Admins",
    ]);
    expect(column(view.tables.unbound, "Slug")).toEqual(["headscale", "proxmox", "watchtower", "jellyfin", "jellyseer", "peertube"]);
  });

  it("follows a renamed group by its pk and keeps its rows in place", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      const media = draft.groups.find((row) => row.pk === SEED_GROUPS.media);
      if (media) media.name = "Media";
    });

    const view = toQuickReferenceView(snapshot, { ...TABLES_ONLY, baseline: seedBaseline() });

    expect(column(view.tables.groups, "Group")[1]).toBe("Media");
    expect(slugGroup(view.tables.bindings).slice(0, 3)).toEqual(["jellyfin:Media", "jellyseer:Media", "peertube:Media"]);
  });

  it("sorts bindings by app name, then group name, and unbound apps by name without a baseline", () => {
    const snapshot = makeSnapshot({
      groups: [group(PK.a, "zeta"), group(PK.b, "Alpha")],
      applications: [
        application("b", { name: "beta" }),
        application("a", { name: "Alpha app" }),
        application("c", { name: "Charlie" }),
        application("d", { name: "alpha2" }),
      ],
      bindings: [groupBinding("b", PK.a), groupBinding("b", PK.b), groupBinding("a", PK.a)],
    });

    const view = toQuickReferenceView(snapshot, TABLES_ONLY);

    const groups = column(view.tables.bindings, "Group");
    expect(column(view.tables.bindings, "Application").map((app, index) => `${app}:${groups[index]}`)).toEqual([
      "Alpha app:zeta",
      "beta:Alpha",
      "beta:zeta",
    ]);
    expect(column(view.tables.unbound, "Application")).toEqual(["alpha2", "Charlie"]);
  });

  it("writes members sorted case-insensitively, the superuser mark, and — for none", () => {
    const snapshot = makeSnapshot({
      users: [user(1, "Zed"), user(2, "alice"), user(3, "Bob")],
      groups: [
        group(PK.a, "admins", [1, 2, 3], { isSuperuser: true }),
        group(PK.b, "empty-admins", [], { isSuperuser: true }),
        group(PK.c, "nobody"),
      ],
    });

    const view = toQuickReferenceView(snapshot, TABLES_ONLY);

    expect(view.tables.groups.header).toEqual(["Group", "PK", "Members"]);
    expect(view.tables.groups.rows).toEqual([
      ["admins", `\`${PK.a}\``, "alice, Bob, Zed (superuser)"],
      ["empty-admins", `\`${PK.b}\``, "— (superuser)"],
      ["nobody", `\`${PK.c}\``, "—"],
    ]);
  });

  it("takes an unbound app's reason from the baseline, else —", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.applications.push(application("wiki", { name: "Wiki" }));
    });

    const view = toQuickReferenceView(snapshot, { ...TABLES_ONLY, baseline: seedBaseline() });

    const reasons = column(view.tables.unbound, "Reason");
    expect(column(view.tables.unbound, "Slug").map((slug, index) => [slug, reasons[index]])).toEqual([
      ["headplane", "Admin tool — superuser access only needed"],
      ["headscale", "Admin tool — superuser access only needed"],
      ["proxmox", "Admin tool — superuser access only needed"],
      ["watchtower", "Admin tool — superuser access only needed"],
      ["wiki", "—"],
    ]);
  });

  it("gives every binding a row, disabled, negated, expiring, user and policy ones, with the columns they need", () => {
    const snapshot = makeSnapshot({
      takenAt: "2026-03-01T12:00:00.000Z",
      users: [user(1, "jodie")],
      groups: [group(PK.a, "media")],
      applications: ["ok", "disabled", "negated", "expired", "user", "policy", "open"].map((slug) => application(slug)),
      bindings: [
        groupBinding("ok", PK.a),
        groupBinding("disabled", PK.a, { enabled: false }),
        groupBinding("negated", PK.a, { negate: true }),
        groupBinding("expired", PK.a, { expires: "2026-02-01T00:00:00.000Z" }),
        userBinding("user", 1),
        policyBinding("policy", "geo"),
      ],
    });

    const view = toQuickReferenceView(snapshot, EVERYTHING);

    expect(view.tables.bindings.header).toEqual(["Application", "Slug", "Group", "User", "Policy", "Binding PK", "State"]);
    expect(records(view.tables.bindings).map((row) => [row.Slug, row.Group, row.User, row.Policy, row.State])).toEqual([
      ["disabled", "media", "—", "—", "disabled"],
      ["expired", "media", "—", "—", "expires 2026-02-01T00:00:00.000Z"],
      ["negated", "media", "—", "—", "negated"],
      ["ok", "media", "—", "—", "—"],
      ["policy", "—", "—", "geo", "—"],
      ["user", "—", "jodie", "—", "—"],
    ]);
    // Unbound means no binding at all: an app whose only binding is disabled or expired is a bindings row.
    expect(column(view.tables.unbound, "Slug")).toEqual(["open"]);
    expect(view.notices?.unnamed).toEqual([]);
  });

  it("gives each binding of the same app and group its own row, and states a policy engine mode that is not any", () => {
    const snapshot = makeSnapshot({
      groups: [group(PK.a, "media")],
      applications: [application("jellyfin", { name: "Jellyfin", policyEngineMode: "all" })],
      bindings: [groupBinding("jellyfin", PK.a, { pk: PK.b, order: 0 }), groupBinding("jellyfin", PK.a, { pk: PK.c, order: 1 })],
    });

    const view = toQuickReferenceView(snapshot, EVERYTHING);

    expect(view.tables.bindings.header).toEqual(["Application", "Slug", "Group", "Binding PK", "Policy engine mode"]);
    expect(view.tables.bindings.rows).toEqual([
      ["Jellyfin", "jellyfin", "media", `\`${PK.b}\``, "all"],
      ["Jellyfin", "jellyfin", "media", `\`${PK.c}\``, "all"],
    ]);
    expect(view.notices?.unnamed).toEqual([]);
  });

  it("leaves a binding whose group or user the snapshot lacks out of the tables, and names it in a notice", () => {
    const snapshot = makeSnapshot({
      groups: [group(PK.a, "media")],
      applications: [application("jellyfin", { name: "Jellyfin" }), application("wiki", { name: "Wiki" })],
      bindings: [groupBinding("jellyfin", PK.a), groupBinding("jellyfin", PK.d), userBinding("wiki", 42)],
    });

    const view = toQuickReferenceView(snapshot, EVERYTHING);

    expect(slugGroup(view.tables.bindings)).toEqual(["jellyfin:media"]);
    expect(column(view.tables.unbound, "Slug")).toEqual([]);
    expect(view.notices?.unnamed).toEqual([
      { application: "Jellyfin", slug: "jellyfin", bindings: `group:${PK.d} (a group the snapshot does not contain)` },
      { application: "Wiki", slug: "wiki", bindings: "user:42 (a user the snapshot does not contain)" },
    ]);
    expect(view.notices?.none).toBe(false);
  });
});

describe("report/to-quick-reference-view: optional sections", () => {
  it("leaves both sections out unless asked for", () => {
    const view = toQuickReferenceView(seedSnapshot(), TABLES_ONLY);

    expect(view.matrix).toBeNull();
    expect(view.notices).toBeNull();
  });

  it("names the superusers denied by bindings, and the apps open to everyone with their user counts", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.users.push(user(4, "retired", { isActive: false }), user(5, "ak-outpost", { type: "internal_service_account" }));
      const admins = draft.groups.find((row) => row.pk === SEED_GROUPS.admins);
      admins?.members.push(4);
    });

    const notices = toQuickReferenceView(snapshot, EVERYTHING).notices;

    const denied = "Forgejo, Immich, Jellyfin, Jellyseer, Mailcow, Nextcloud, PeerTube, Vaultwarden";
    expect(notices?.deniedSuperusers).toEqual([
      { username: "akadmin", applications: denied },
      { username: "matt", applications: denied },
    ]);
    // People and service accounts are counted apart.
    expect(notices?.openApplications).toEqual([
      { application: "Headplane", slug: "headplane", activeUsers: 3, activeServiceAccounts: 1 },
      { application: "Headscale VPN", slug: "headscale", activeUsers: 3, activeServiceAccounts: 1 },
      { application: "Proxmox VE", slug: "proxmox", activeUsers: 3, activeServiceAccounts: 1 },
      { application: "WATCHTOWER", slug: "watchtower", activeUsers: 3, activeServiceAccounts: 1 },
    ]);
    expect(notices?.none).toBe(false);
  });

  it("counts a member of a superuser group's child group as a superuser", () => {
    const snapshot = makeSnapshot({
      users: [user(1, "ops")],
      groups: [group(PK.a, "admins", [], { isSuperuser: true }), group(PK.b, "ops-team", [1], { parents: [PK.a] }), group(PK.c, "media")],
      applications: [application("jellyfin", { name: "Jellyfin" })],
      bindings: [groupBinding("jellyfin", PK.c)],
    });

    const view = toQuickReferenceView(snapshot, EVERYTHING);

    expect(view.notices?.deniedSuperusers).toEqual([{ username: "ops", applications: "Jellyfin" }]);
    // The nesting is in the groups table itself, in a Parents column.
    expect(records(view.tables.groups).map((row) => [row.Group, row.Parents])).toEqual([
      ["admins", "—"],
      ["media", "—"],
      ["ops-team", "admins"],
    ]);
  });

  it("renders every notice as a table the baseline parser does not mistake for its own", () => {
    const snapshot = makeSnapshot({
      settings: { defaultAppAccess: false },
      users: [user(1, "ops")],
      groups: [group(PK.a, "admins", [], { isSuperuser: true }), group(PK.b, "ops-team", [1], { parents: [PK.a] })],
      applications: [application("wiki", { name: "Wiki" }), application("vpn", { name: "VPN" })],
      bindings: [userBinding("vpn", 1), groupBinding("vpn", PK.c)],
    });

    const markdown = createReportRenderer().quickReference(toQuickReferenceView(snapshot, EVERYTHING));

    expect(markdown).toContain("> **Default access is off.**");
    expect(markdown).toContain("| ops | Wiki |");
    expect(markdown).toContain("#### Bindings the tables cannot name");
    expect(markdown).toContain(`| VPN | vpn | group:${PK.c} (a group the snapshot does not contain) |`);
    const { baseline, problems } = parseBaseline(markdown, "notices.md");
    expect(problems).toEqual([]);
    // Only the three tables are read: the user binding and the nesting, not the notices.
    expect(baseline?.bindings.map((binding) => [binding.slug, binding.target])).toEqual([["vpn", { kind: "user", username: "ops" }]]);
    expect(baseline?.groups.map((row) => [row.name, row.parents])).toEqual([
      ["admins", []],
      ["ops-team", ["admins"]],
    ]);
  });

  it("says when default access is off and when the live state has drifted from the runbook", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.settings = { defaultAppAccess: false, defaultAppAccessKnown: true };
      draft.bindings = draft.bindings.filter((binding) => binding.group !== SEED_GROUPS.cloud);
    });
    const diff = diffBaseline(seedBaseline(), snapshot);

    const notices = toQuickReferenceView(snapshot, { ...EVERYTHING, diff }).notices;

    expect(notices?.defaultAccessClosed).toBe(true);
    expect(notices?.openApplications).toEqual([]);
    expect(notices?.drift).toEqual({ critical: 0, warning: 2, accessChanges: 0 });
  });

  it("says there is nothing to note for a state the tables fully express", () => {
    const snapshot = makeSnapshot({
      users: [user(1, "jodie"), user(2, "riley")],
      groups: [group(PK.a, "media", [1]), group(PK.b, "family", [2], { parents: [PK.a] })],
      applications: [application("jellyfin", { name: "Jellyfin" }), application("wiki", { name: "Wiki" })],
      bindings: [
        groupBinding("jellyfin", PK.a),
        groupBinding("jellyfin", PK.b, { pk: PK.c, enabled: false }),
        userBinding("wiki", 1),
        groupBinding("wiki", PK.b, { negate: true }),
      ],
    });

    const notices = toQuickReferenceView(snapshot, EVERYTHING).notices;

    expect(notices).toEqual({
      none: true,
      drift: null,
      defaultAccessClosed: false,
      deniedSuperusers: [],
      openApplications: [],
      unnamed: [],
    });
  });

  it("builds the matrix with marks, user counts and a Mermaid graph with safe ids", () => {
    const snapshot = makeSnapshot({
      users: [user(1, "jodie"), user(2, "matt")],
      groups: [group(PK.a, 'media "A"', [1]), group(PK.b, "Members"), group(PK.c, "blocked", [2]), group(PK.d, "unbound-group", [1])],
      applications: [
        application("jellyfin", { name: "Jellyfin <b>" }),
        application("wiki", { name: "Wiki" }),
        application("mail", { name: "Mail" }),
      ],
      bindings: [groupBinding("jellyfin", PK.a), groupBinding("mail", PK.c, { negate: true }), groupBinding("mail", PK.b)],
    });

    const matrix = toQuickReferenceView(snapshot, EVERYTHING).matrix;

    // Only groups with a binding become columns: "unbound-group" has none.
    expect(matrix?.groups).toEqual([{ header: "blocked" }, { header: 'media "A"' }, { header: "Members (group)" }]);
    expect(matrix?.rows).toEqual([
      { application: "Jellyfin \\<b\\>", slug: "jellyfin", cells: [{ mark: "" }, { mark: "✓" }, { mark: "" }], users: "1" },
      { application: "Mail", slug: "mail", cells: [{ mark: "✗ negated" }, { mark: "" }, { mark: "✓" }], users: "1" },
      { application: "Wiki", slug: "wiki", cells: [{ mark: "" }, { mark: "" }, { mark: "" }], users: "2 (everyone)" },
    ]);
    expect(matrix?.graph).toEqual({
      groups: [
        { id: "g1", label: "media #34;A#34;" },
        { id: "g2", label: "Members" },
      ],
      applications: [
        { id: "a1", label: "Jellyfin #60;b#62;" },
        { id: "a2", label: "Mail" },
        { id: "a3", label: "Wiki" },
      ],
      edges: [
        { from: "g1", to: "a1" },
        { from: "g2", to: "a2" },
      ],
      open: [{ id: "a3", label: "Wiki" }],
    });
  });
});
