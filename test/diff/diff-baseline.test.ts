import { describe, expect, it } from "vitest";
import { FINDING_KINDS, diffBaseline } from "../../src/diff/index.js";
import type { FindingKind, FindingSubject, Severity } from "../../src/diff/index.js";
import type { Baseline } from "../../src/baseline/types.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import {
  SEED_GROUPS,
  SEED_USERS,
  appPk,
  application,
  editBaseline,
  editSnapshot,
  findApplication,
  findBinding,
  findGroup,
  group,
  groupBinding,
  policyBinding,
  seedBaseline,
  seedSnapshot,
  user,
  userBinding,
} from "../fixtures/snapshots.js";

const SEED_BOUND_SLUGS = ["forgejo", "immich", "jellyfin", "jellyseer", "mailcow", "nextcloud", "peertube", "vaultwarden"];

/** Findings other than the superuser notes that the seed itself produces, reduced to what the table checks. */
function drift(baseline: Baseline, snapshot: Snapshot): { kind: FindingKind; severity: Severity; subject: FindingSubject }[] {
  return diffBaseline(baseline, snapshot)
    .findings.filter((finding) => finding.kind !== "superuser-not-exempt")
    .map(({ kind, severity, subject }) => ({ kind, severity, subject }));
}

function seedWith(edit: (draft: Snapshot) => void): Snapshot {
  return editSnapshot(seedSnapshot(), edit);
}

const app = (slug: string) => ({ type: "application", slug }) as const;
const bindingSubject = (slug: string, groupName: string) => ({ type: "binding", slug, group: groupName }) as const;
const groupSubject = (name: string) => ({ type: "group", name }) as const;
const member = (username: string, groupName: string) => ({ type: "user", username, group: groupName }) as const;

describe("diff/diff-baseline", () => {
  it("finds the seed's documented state in sync, with only the superuser notes for akadmin and matt", () => {
    const baseline = seedBaseline();
    const snapshot = seedSnapshot();

    const result = diffBaseline(baseline, snapshot);

    expect(result.inSync).toBe(true);
    expect(result.summary).toEqual({ critical: 0, warning: 0, info: 2, accepted: 0 });
    expect(result.accessChanges).toEqual([]);
    expect(result.findings).toEqual(
      ["akadmin", "matt"].map((username) => ({
        id: `superuser-not-exempt:${username}`,
        kind: "superuser-not-exempt",
        severity: "info",
        subject: { type: "user", username },
        expected: "allow",
        actual: SEED_BOUND_SLUGS,
        message: `${username} is a superuser but cannot sign in to forgejo, immich, jellyfin, jellyseer, mailcow and 3 more, because authentik applies application bindings to superusers too (the runbook assumes they are exempt)`,
      })),
    );
  });

  it.each<[string, (draft: Snapshot) => void, ReturnType<typeof drift>]>([
    [
      "an app that was deleted",
      (draft) => {
        draft.applications = draft.applications.filter((candidate) => candidate.slug !== "watchtower");
      },
      [{ kind: "application-missing", severity: "warning", subject: app("watchtower") }],
    ],
    [
      "a bound app the runbook does not know",
      (draft) => {
        draft.applications.push(application("grafana", { name: "Grafana" }));
        draft.bindings.push(groupBinding("grafana", SEED_GROUPS.proxmoxAdmins));
      },
      [{ kind: "application-undocumented", severity: "warning", subject: app("grafana") }],
    ],
    [
      "an unbound app the runbook does not know",
      (draft) => {
        draft.applications.push(application("grafana", { name: "Grafana" }));
      },
      [{ kind: "application-undocumented", severity: "critical", subject: app("grafana") }],
    ],
    [
      "a bound app whose only binding was deleted",
      (draft) => {
        draft.bindings = draft.bindings.filter((candidate) => candidate.target !== appPk("mailcow"));
      },
      [
        { kind: "application-open", severity: "critical", subject: app("mailcow") },
        { kind: "binding-missing", severity: "warning", subject: bindingSubject("mailcow", "communication-users") },
      ],
    ],
    [
      "the same, on a tenant where apps without bindings are closed",
      (draft) => {
        draft.settings = { defaultAppAccess: false, defaultAppAccessKnown: true };
        draft.bindings = draft.bindings.filter((candidate) => candidate.target !== appPk("mailcow"));
      },
      [{ kind: "binding-missing", severity: "warning", subject: bindingSubject("mailcow", "communication-users") }],
    ],
    [
      "an unbound app that gained a binding",
      (draft) => {
        draft.bindings.push(groupBinding("headplane", SEED_GROUPS.proxmoxAdmins));
      },
      [{ kind: "application-now-restricted", severity: "warning", subject: app("headplane") }],
    ],
    [
      "an unbound app that gained a negated user binding (restricted, and critical for the negation)",
      (draft) => {
        draft.bindings.push(userBinding("headplane", SEED_USERS.jodie, { negate: true }));
      },
      [
        { kind: "binding-negated", severity: "critical", subject: { type: "binding", slug: "headplane", group: "user:jodie" } },
        { kind: "application-now-restricted", severity: "warning", subject: app("headplane") },
      ],
    ],
    [
      "a bound app in engine mode all",
      (draft) => {
        findApplication(draft, "jellyfin").policyEngineMode = "all";
      },
      [{ kind: "application-engine-mode", severity: "warning", subject: app("jellyfin") }],
    ],
    [
      "an extra group binding",
      (draft) => {
        draft.bindings.push(groupBinding("jellyfin", SEED_GROUPS.cloud));
      },
      [{ kind: "binding-unexpected", severity: "warning", subject: bindingSubject("jellyfin", "cloud-users") }],
    ],
    [
      "an extra binding to an undocumented group, named by its live name",
      (draft) => {
        draft.groups.push(group("g-dev", "dev-users"));
        draft.bindings.push(groupBinding("forgejo", "g-dev"));
      },
      [
        { kind: "binding-unexpected", severity: "warning", subject: bindingSubject("forgejo", "dev-users") },
        { kind: "group-undocumented", severity: "info", subject: groupSubject("dev-users") },
      ],
    ],
    [
      "a disabled binding",
      (draft) => {
        findBinding(draft, "jellyfin").enabled = false;
      },
      [
        { kind: "application-open", severity: "critical", subject: app("jellyfin") },
        { kind: "binding-disabled", severity: "warning", subject: bindingSubject("jellyfin", "media-users") },
      ],
    ],
    [
      "an expired binding",
      (draft) => {
        findBinding(draft, "jellyfin").expires = "2026-02-28T00:00:00.000Z";
      },
      [
        { kind: "application-open", severity: "critical", subject: app("jellyfin") },
        { kind: "binding-disabled", severity: "warning", subject: bindingSubject("jellyfin", "media-users") },
      ],
    ],
    [
      "a negated documented binding",
      (draft) => {
        findBinding(draft, "jellyfin").negate = true;
      },
      [{ kind: "binding-negated", severity: "critical", subject: bindingSubject("jellyfin", "media-users") }],
    ],
    [
      "a negated user binding on an undocumented app",
      (draft) => {
        draft.applications.push(application("grafana"));
        draft.bindings.push(userBinding("grafana", SEED_USERS.jodie, { negate: true }));
      },
      [
        { kind: "binding-negated", severity: "critical", subject: bindingSubject("grafana", "user:jodie") },
        { kind: "application-undocumented", severity: "warning", subject: app("grafana") },
      ],
    ],
    [
      "a documented binding with another pk",
      (draft) => {
        findBinding(draft, "jellyfin").pk = "0b0b0b0b-0000-4000-8000-000000000000";
      },
      [{ kind: "binding-pk-changed", severity: "info", subject: bindingSubject("jellyfin", "media-users") }],
    ],
    [
      "a user binding",
      (draft) => {
        draft.bindings.push(userBinding("forgejo", SEED_USERS.jodie));
      },
      [{ kind: "binding-non-group", severity: "warning", subject: bindingSubject("forgejo", "user:jodie") }],
    ],
    [
      "a policy binding",
      (draft) => {
        draft.bindings.push(policyBinding("vaultwarden", "only-from-vpn"));
      },
      [{ kind: "binding-non-group", severity: "warning", subject: bindingSubject("vaultwarden", "policy:only-from-vpn") }],
    ],
    [
      "a deleted group that a binding used (its bindings went with it)",
      (draft) => {
        draft.groups = draft.groups.filter((candidate) => candidate.pk !== SEED_GROUPS.communication);
        draft.bindings = draft.bindings.filter((candidate) => candidate.group !== SEED_GROUPS.communication);
      },
      [
        { kind: "application-open", severity: "critical", subject: app("mailcow") },
        { kind: "group-missing", severity: "critical", subject: groupSubject("communication-users") },
        { kind: "binding-missing", severity: "warning", subject: bindingSubject("mailcow", "communication-users") },
      ],
    ],
    [
      "a deleted group that no binding used",
      (draft) => {
        draft.groups = draft.groups.filter((candidate) => candidate.pk !== SEED_GROUPS.proxmoxUsers);
      },
      [{ kind: "group-missing", severity: "warning", subject: groupSubject("proxmox_users") }],
    ],
    [
      "a group the runbook does not know",
      (draft) => {
        draft.groups.push(group("g-dev", "dev-users", [SEED_USERS.jodie]));
      },
      [{ kind: "group-undocumented", severity: "info", subject: groupSubject("dev-users") }],
    ],
    [
      "a recreated group whose bindings were re-made",
      (draft) => {
        findGroup(draft, SEED_GROUPS.security).pk = "g-security-new";
        findBinding(draft, "vaultwarden").group = "g-security-new";
      },
      [{ kind: "group-pk-changed", severity: "warning", subject: groupSubject("security-users") }],
    ],
    [
      "a renamed group",
      (draft) => {
        findGroup(draft, SEED_GROUPS.media).name = "media";
      },
      [{ kind: "group-renamed", severity: "warning", subject: groupSubject("media-users") }],
    ],
    [
      "a group that became a superuser group",
      (draft) => {
        findGroup(draft, SEED_GROUPS.cloud).isSuperuser = true;
      },
      [{ kind: "group-superuser-changed", severity: "critical", subject: groupSubject("cloud-users") }],
    ],
    [
      "a group that lost superuser status",
      (draft) => {
        findGroup(draft, SEED_GROUPS.admins).isSuperuser = false;
      },
      [{ kind: "group-superuser-changed", severity: "warning", subject: groupSubject("authentik Admins") }],
    ],
    [
      "a member added to a superuser group",
      (draft) => {
        findGroup(draft, SEED_GROUPS.admins).members.push(SEED_USERS.jodie);
      },
      [{ kind: "member-added", severity: "critical", subject: member("jodie", "authentik Admins") }],
    ],
    [
      "a member added to a group below a superuser group",
      (draft) => {
        findGroup(draft, SEED_GROUPS.proxmoxUsers).parents = [SEED_GROUPS.admins];
        findGroup(draft, SEED_GROUPS.proxmoxUsers).members.push(SEED_USERS.jodie);
      },
      [
        { kind: "member-added", severity: "critical", subject: member("jodie", "proxmox_users") },
        { kind: "group-parents-changed", severity: "warning", subject: groupSubject("proxmox_users") },
      ],
    ],
    [
      "a member added to an ordinary group",
      (draft) => {
        findGroup(draft, SEED_GROUPS.proxmoxUsers).members.push(SEED_USERS.jodie);
      },
      [{ kind: "member-added", severity: "warning", subject: member("jodie", "proxmox_users") }],
    ],
    [
      "a member removed",
      (draft) => {
        findGroup(draft, SEED_GROUPS.proxmoxAdmins).members = [SEED_USERS.akadmin];
      },
      [{ kind: "member-removed", severity: "warning", subject: member("matt", "proxmox_admins") }],
    ],
    [
      "a documented member whose user was deleted (not also member-removed)",
      (draft) => {
        draft.users = draft.users.filter((candidate) => candidate.pk !== SEED_USERS.jodie);
        findGroup(draft, SEED_GROUPS.media).members = [];
      },
      [{ kind: "member-unknown", severity: "warning", subject: member("jodie", "media-users") }],
    ],
  ])("reports %s", (_title, edit, expected) => {
    const snapshot = seedWith(edit);

    const findings = drift(seedBaseline(), snapshot);

    expect(findings).toEqual(expected);
  });

  it("reports a documented unbound app with a binding once, not also as binding-unexpected or engine mode", () => {
    const snapshot = seedWith((draft) => {
      findApplication(draft, "headplane").policyEngineMode = "all";
      draft.bindings.push(groupBinding("headplane", SEED_GROUPS.proxmoxAdmins), policyBinding("headplane", "vpn"));
    });

    const findings = drift(seedBaseline(), snapshot);

    expect(findings).toEqual([{ kind: "application-now-restricted", severity: "warning", subject: app("headplane") }]);
  });

  it("orders findings by severity, then kind in spec order, then subject, and counts them", () => {
    const snapshot = seedWith((draft) => {
      draft.groups.push(group("g-zeta", "zeta"), group("g-alpha", "alpha"));
      findBinding(draft, "peertube").pk = "0b0b0b0b-0000-4000-8000-000000000000";
      findGroup(draft, SEED_GROUPS.cloud).members.push(SEED_USERS.jodie);
      findGroup(draft, SEED_GROUPS.admins).members.push(SEED_USERS.jodie);
      draft.applications = draft.applications.filter((candidate) => candidate.slug !== "headscale");
      draft.bindings.push(userBinding("immich", SEED_USERS.matt));
    });

    const result = diffBaseline(seedBaseline(), snapshot);

    expect(result.findings.map((finding) => `${finding.severity} ${finding.kind} ${JSON.stringify(finding.subject)}`)).toEqual([
      'critical member-added {"type":"user","username":"jodie","group":"authentik Admins"}',
      'warning application-missing {"type":"application","slug":"headscale"}',
      'warning binding-non-group {"type":"binding","slug":"immich","group":"user:matt"}',
      'warning member-added {"type":"user","username":"jodie","group":"cloud-users"}',
      'info binding-pk-changed {"type":"binding","slug":"peertube","group":"media-users"}',
      'info group-undocumented {"type":"group","name":"alpha"}',
      'info group-undocumented {"type":"group","name":"zeta"}',
      'info superuser-not-exempt {"type":"user","username":"akadmin"}',
      'info superuser-not-exempt {"type":"user","username":"jodie"}',
      'info superuser-not-exempt {"type":"user","username":"matt"}',
    ]);
    expect(result.summary).toEqual({ critical: 1, warning: 3, info: 6, accepted: 0 });
    expect(result.inSync).toBe(false);
  });

  it("stays in sync with only info findings and no access change", () => {
    const snapshot = seedWith((draft) => {
      draft.groups.push(group("g-empty", "empty"));
      findBinding(draft, "peertube").pk = "0b0b0b0b-0000-4000-8000-000000000000";
    });

    const result = diffBaseline(seedBaseline(), snapshot);

    expect(result.inSync).toBe(true);
    expect(result.summary).toEqual({ critical: 0, warning: 0, info: 4, accepted: 0 });
  });

  it("lists the spec's 20 finding kinds in its order, with the 4 the extended tables and acceptances add", () => {
    const kinds = FINDING_KINDS;

    expect(kinds).toHaveLength(24);
    expect(new Set(kinds).size).toBe(24);
    expect(kinds[0]).toBe("application-missing");
    expect(
      kinds.filter((kind) => !["binding-changed", "group-parents-changed", "upgrade-changes-access", "acceptance-stale"].includes(kind)),
    ).toHaveLength(20);
    expect(kinds.slice(-6)).toEqual([
      "member-added",
      "member-removed",
      "member-unknown",
      "superuser-not-exempt",
      "upgrade-changes-access",
      "acceptance-stale",
    ]);
  });
});

describe("diff/diff-baseline with hand-made states", () => {
  it("matches groups by pk before name, and does not reuse a live group matched by pk", () => {
    const baseline = editBaseline(seedBaseline(), (draft) => {
      draft.groups = [
        { name: "old-name", pk: "g-1", members: [], isSuperuser: false, parents: [], line: 1 },
        { name: "new-name", pk: "g-2", members: [], isSuperuser: false, parents: [], line: 2 },
      ];
      draft.bindings = [];
      draft.unbound = [];
    });
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.users = [user(1, "akadmin")];
      draft.groups = [group("g-1", "new-name")];
      draft.applications = [];
      draft.bindings = [];
    });

    const findings = drift(baseline, snapshot);

    expect(findings).toEqual([
      { kind: "group-missing", severity: "warning", subject: groupSubject("new-name") },
      { kind: "group-renamed", severity: "warning", subject: groupSubject("old-name") },
    ]);
  });
});
