import { describe, expect, it } from "vitest";
import { diffBaseline } from "../../src/diff/index.js";
import { parseBaseline } from "../../src/baseline/index.js";
import { createReportRenderer, toQuickReferenceView } from "../../src/report/index.js";
import type { QuickReferenceOptions } from "../../src/report/index.js";
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

describe("report/to-quick-reference-view: rows and their order", () => {
  it("sorts groups case-insensitively by name without a baseline", () => {
    const view = toQuickReferenceView(seedSnapshot(), TABLES_ONLY);

    expect(view.groups.map((row) => row.name)).toEqual([
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

    expect(view.groups.map((row) => row.name)).toEqual([
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
    expect(view.bindings.map((row) => `${row.slug}:${row.group}`)).toEqual([
      "mailcow:communication-users",
      "vaultwarden:security-users",
      "forgejo:productivity-users",
      "nextcloud:cloud-users",
      "immich:cloud-users",
      "headplane:authentik Admins",
    ]);
    expect(view.unbound.map((row) => row.slug)).toEqual(["headscale", "proxmox", "watchtower", "jellyfin", "jellyseer", "peertube"]);
  });

  it("follows a renamed group by its pk and keeps its rows in place", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      const media = draft.groups.find((row) => row.pk === SEED_GROUPS.media);
      if (media) media.name = "Media";
    });

    const view = toQuickReferenceView(snapshot, { ...TABLES_ONLY, baseline: seedBaseline() });

    expect(view.groups[1]?.name).toBe("Media");
    expect(view.bindings.slice(0, 3).map((row) => `${row.slug}:${row.group}`)).toEqual([
      "jellyfin:Media",
      "jellyseer:Media",
      "peertube:Media",
    ]);
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

    expect(view.bindings.map((row) => `${row.application}:${row.group}`)).toEqual(["Alpha app:zeta", "beta:Alpha", "beta:zeta"]);
    expect(view.unbound.map((row) => row.application)).toEqual(["alpha2", "Charlie"]);
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

    expect(view.groups).toEqual([
      { name: "admins", pk: `\`${PK.a}\``, members: "alice, Bob, Zed (superuser)" },
      { name: "empty-admins", pk: `\`${PK.b}\``, members: "— (superuser)" },
      { name: "nobody", pk: `\`${PK.c}\``, members: "—" },
    ]);
  });

  it("takes an unbound app's reason from the baseline, else —", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.applications.push(application("wiki", { name: "Wiki" }));
    });

    const view = toQuickReferenceView(snapshot, { ...TABLES_ONLY, baseline: seedBaseline() });

    expect(view.unbound.map((row) => [row.slug, row.reason])).toEqual([
      ["headplane", "Admin tool — superuser access only needed"],
      ["headscale", "Admin tool — superuser access only needed"],
      ["proxmox", "Admin tool — superuser access only needed"],
      ["watchtower", "Admin tool — superuser access only needed"],
      ["wiki", "—"],
    ]);
  });

  it("gives bindings rows only to enabled, non-negated group bindings in force", () => {
    const snapshot = makeSnapshot({
      takenAt: "2026-03-01T12:00:00.000Z",
      users: [user(1, "jodie")],
      groups: [group(PK.a, "media")],
      applications: ["ok", "disabled", "negated", "expired", "user", "policy"].map((slug) => application(slug)),
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

    expect(view.bindings.map((row) => row.slug)).toEqual(["ok"]);
    expect(view.unbound.map((row) => row.slug)).toEqual(["disabled", "expired"]);
    expect(view.notices?.inexpressible).toEqual([
      { application: "disabled", slug: "disabled", bindings: "disabled group:media" },
      { application: "expired", slug: "expired", bindings: "expired group:media" },
      { application: "negated", slug: "negated", bindings: "negated group:media" },
      { application: "policy", slug: "policy", bindings: "policy:geo" },
      { application: "user", slug: "user", bindings: "user:jodie" },
    ]);
  });

  it("gives a second binding of the same app and group no row, and notes it", () => {
    const snapshot = makeSnapshot({
      groups: [group(PK.a, "media")],
      applications: [application("jellyfin", { name: "Jellyfin", policyEngineMode: "all" })],
      bindings: [groupBinding("jellyfin", PK.a, { pk: PK.b, order: 0 }), groupBinding("jellyfin", PK.a, { pk: PK.c, order: 1 })],
    });

    const view = toQuickReferenceView(snapshot, EVERYTHING);

    expect(view.bindings).toEqual([{ application: "Jellyfin", slug: "jellyfin", group: "media", bindingPk: `\`${PK.b}\`` }]);
    expect(view.notices?.inexpressible).toEqual([
      { application: "Jellyfin", slug: "jellyfin", bindings: "duplicate group:media, policy engine mode all" },
    ]);
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
      draft.users.push(user(4, "retired", { isActive: false }));
      const admins = draft.groups.find((row) => row.pk === SEED_GROUPS.admins);
      admins?.members.push(4);
    });

    const notices = toQuickReferenceView(snapshot, EVERYTHING).notices;

    const denied = "Forgejo, Immich, Jellyfin, Jellyseer, Mailcow, Nextcloud, PeerTube, Vaultwarden";
    expect(notices?.deniedSuperusers).toEqual([
      { username: "akadmin", applications: denied },
      { username: "matt", applications: denied },
    ]);
    expect(notices?.openApplications).toEqual([
      { application: "Headplane", slug: "headplane", activeUsers: 3 },
      { application: "Headscale VPN", slug: "headscale", activeUsers: 3 },
      { application: "Proxmox VE", slug: "proxmox", activeUsers: 3 },
      { application: "WATCHTOWER", slug: "watchtower", activeUsers: 3 },
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

    const notices = toQuickReferenceView(snapshot, EVERYTHING).notices;

    expect(notices?.deniedSuperusers).toEqual([{ username: "ops", applications: "Jellyfin" }]);
    expect(notices?.nestedGroups).toEqual([{ group: "ops-team", parents: "admins" }]);
  });

  it("renders every notice as a table the baseline parser does not mistake for its own", () => {
    const snapshot = makeSnapshot({
      settings: { defaultAppAccess: false },
      users: [user(1, "ops")],
      groups: [group(PK.a, "admins", [], { isSuperuser: true }), group(PK.b, "ops-team", [1], { parents: [PK.a] })],
      applications: [application("wiki", { name: "Wiki" }), application("vpn", { name: "VPN" })],
      bindings: [userBinding("vpn", 1)],
    });

    const markdown = createReportRenderer().quickReference(toQuickReferenceView(snapshot, EVERYTHING));

    expect(markdown).toContain("> **Default access is off.**");
    expect(markdown).toContain("| ops | Wiki |");
    expect(markdown).toContain("| VPN | vpn | user:ops |");
    expect(markdown).toContain("#### Nested groups");
    expect(markdown).toContain("| ops-team | admins |");
    expect(parseBaseline(markdown, "notices.md").problems).toEqual([]);
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
      users: [user(1, "jodie")],
      groups: [group(PK.a, "media", [1])],
      applications: [application("jellyfin", { name: "Jellyfin" })],
      bindings: [groupBinding("jellyfin", PK.a)],
    });

    const notices = toQuickReferenceView(snapshot, EVERYTHING).notices;

    expect(notices).toEqual({
      none: true,
      drift: null,
      defaultAccessClosed: false,
      deniedSuperusers: [],
      openApplications: [],
      inexpressible: [],
      nestedGroups: [],
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
