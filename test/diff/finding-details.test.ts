import { describe, expect, it } from "vitest";
import { diffBaseline } from "../../src/diff/index.js";
import type { Finding } from "../../src/diff/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import {
  SEED_GROUPS,
  SEED_USERS,
  editBaseline,
  editSnapshot,
  findApplication,
  findBinding,
  findGroup,
  application,
  group,
  groupBinding,
  policyBinding,
  seedBaseline,
  seedSnapshot,
  userBinding,
} from "../fixtures/snapshots.js";

function seedWith(edit: (draft: Snapshot) => void): Snapshot {
  return editSnapshot(seedSnapshot(), edit);
}

describe("diff/diff-baseline findings in detail", () => {
  it.each<[string, (draft: Snapshot) => void, string[]]>([
    ["the seed", () => {}, ["akadmin", "matt"]],
    [
      "a member of a group below the superuser group, whose user record is not flagged yet",
      (draft) => {
        draft.groups.push(group("g-helpers", "helpers", [SEED_USERS.jodie], { parents: [SEED_GROUPS.admins] }));
      },
      ["akadmin", "jodie", "matt"],
    ],
    [
      "an inactive superuser",
      (draft) => {
        const matt = draft.users.find((candidate) => candidate.pk === SEED_USERS.matt);
        if (matt) matt.isActive = false;
      },
      ["akadmin"],
    ],
    [
      "a superuser who is in every bound group",
      (draft) => {
        for (const candidate of draft.groups)
          if (!candidate.members.includes(SEED_USERS.akadmin)) candidate.members.push(SEED_USERS.akadmin);
      },
      ["matt"],
    ],
  ])("notes every active superuser who is denied an app: %s", (_title, edit, usernames) => {
    const snapshot = seedWith(edit);

    const notes = diffBaseline(seedBaseline(), snapshot).findings.filter((finding) => finding.kind === "superuser-not-exempt");

    expect(notes.map((finding) => finding.subject)).toEqual(usernames.map((username) => ({ type: "user", username })));
  });

  it("reports a renamed group (same pk) as group-renamed, not as a missing and an undocumented group", () => {
    const snapshot = seedWith((draft) => {
      findGroup(draft, SEED_GROUPS.media).name = "media-people";
    });

    const result = diffBaseline(seedBaseline(), snapshot);

    expect(result.findings.filter((finding) => finding.kind !== "superuser-not-exempt")).toEqual([
      {
        id: "group-renamed:media-users",
        kind: "group-renamed",
        severity: "warning",
        subject: { type: "group", name: "media-users" },
        expected: "media-users",
        actual: "media-people",
        message: `The group the runbook calls media-users (pk ${SEED_GROUPS.media}) is now named media-people in authentik; its bindings still work, but anything that looks it up by the old name, such as this runbook or a script, will not find it`,
      },
    ]);
    expect(result.accessChanges).toEqual([]);
  });

  it("reports a recreated group (same name, new pk, old bindings gone) as group-pk-changed with the bindings it lost", () => {
    const snapshot = seedWith((draft) => {
      findGroup(draft, SEED_GROUPS.communication).pk = "5e5e5e5e-0000-4000-8000-000000000000";
      draft.bindings = draft.bindings.filter((candidate) => candidate.group !== SEED_GROUPS.communication);
    });

    const result = diffBaseline(seedBaseline(), snapshot);

    expect(result.findings.filter((finding) => finding.kind !== "superuser-not-exempt")).toEqual([
      {
        id: "application-open:mailcow",
        kind: "application-open",
        severity: "critical",
        subject: { type: "application", slug: "mailcow" },
        expected: ["communication-users"],
        actual: [],
        message: "Mailcow is open to every authenticated user: its only binding (communication-users) is gone",
      },
      {
        id: "binding-missing:mailcow/communication-users",
        kind: "binding-missing",
        severity: "warning",
        subject: { type: "binding", slug: "mailcow", group: "communication-users" },
        expected: true,
        actual: false,
        message:
          "Mailcow has no binding to communication-users: communication-users was deleted and created again, and its old bindings went with it",
      },
      {
        id: "group-pk-changed:communication-users",
        kind: "group-pk-changed",
        severity: "warning",
        subject: { type: "group", name: "communication-users" },
        expected: SEED_GROUPS.communication,
        actual: "5e5e5e5e-0000-4000-8000-000000000000",
        message: `communication-users now has pk 5e5e5e5e-0000-4000-8000-000000000000 instead of ${SEED_GROUPS.communication}: it was deleted and created again, and authentik deleted the old group's bindings with it`,
      },
    ]);
  });

  it.each<[string, (draft: Snapshot) => void, Partial<Finding>]>([
    [
      "a member added to a superuser group",
      (draft) => findGroup(draft, SEED_GROUPS.admins).members.push(SEED_USERS.jodie),
      {
        expected: false,
        actual: true,
        message: "jodie was added to authentik Admins, a superuser group, which the runbook does not list",
      },
    ],
    [
      "a user binding",
      (draft) => draft.bindings.push(userBinding("forgejo", SEED_USERS.jodie)),
      {
        expected: null,
        actual: "user:jodie",
        message: "Forgejo has a binding to the user jodie, which the runbook does not list",
      },
    ],
    [
      "a negated binding",
      (draft) => {
        findBinding(draft, "jellyfin").negate = true;
      },
      {
        expected: false,
        actual: true,
        message: "Jellyfin's binding to media-users is negated, so it admits every user who is NOT in media-users",
      },
    ],
    [
      "an unbound app that gained a binding",
      (draft) => draft.bindings.push(groupBinding("proxmox", SEED_GROUPS.proxmoxAdmins)),
      {
        expected: [],
        actual: ["proxmox_admins"],
        message:
          "Proxmox VE is documented as open to every authenticated user, but it is now bound to proxmox_admins, so only users who pass that binding can sign in",
      },
    ],
    [
      "an app in engine mode all",
      (draft) => {
        findApplication(draft, "forgejo").policyEngineMode = "all";
      },
      {
        expected: "any",
        actual: "all",
        message: `Forgejo's policy engine mode is "all", but the runbook says "any", so a user must pass every one of its bindings, not just one`,
      },
    ],
    [
      "a policy binding",
      (draft) => draft.bindings.push(policyBinding("forgejo", "only-from-vpn")),
      {
        expected: null,
        actual: "policy:only-from-vpn",
        message:
          "Forgejo has a binding to the policy only-from-vpn, which the runbook does not list (a snapshot cannot predict a policy's result)",
      },
    ],
    [
      "a binding deleted while its group stays",
      (draft) => {
        draft.bindings = draft.bindings.filter((candidate) => candidate.pk !== findBinding(draft, "immich").pk);
      },
      {
        kind: "binding-missing",
        expected: true,
        actual: false,
        message: "Immich has no binding to cloud-users, although the runbook lists that binding",
      },
    ],
    [
      "a deleted group that a binding used",
      (draft) => {
        draft.groups = draft.groups.filter((candidate) => candidate.pk !== SEED_GROUPS.cloud);
        draft.bindings = draft.bindings.filter((candidate) => candidate.group !== SEED_GROUPS.cloud);
      },
      {
        kind: "group-missing",
        expected: SEED_GROUPS.cloud,
        actual: null,
        message: `cloud-users (pk ${SEED_GROUPS.cloud}) no longer exists in authentik, under that pk or that name, so the bindings of Immich and Nextcloud to it are gone too`,
      },
    ],
    [
      "a disabled binding",
      (draft) => {
        findBinding(draft, "immich").enabled = false;
      },
      {
        kind: "binding-disabled",
        message: "Immich's binding to cloud-users is disabled, so authentik ignores it",
      },
    ],
    [
      "an expired binding",
      (draft) => {
        findBinding(draft, "immich").expires = "2026-02-01T00:00:00Z";
      },
      {
        kind: "application-open",
        expected: ["cloud-users"],
        actual: [],
        message: "Immich is open to every authenticated user: its only binding (cloud-users) is expired",
      },
    ],
    [
      "a member removed",
      (draft) => {
        findGroup(draft, SEED_GROUPS.media).members = [];
      },
      {
        kind: "member-removed",
        expected: true,
        actual: false,
        message: "The runbook lists jodie in media-users, but jodie is no longer a direct member of it",
      },
    ],
    [
      "a member added below the superuser group",
      (draft) => {
        findGroup(draft, SEED_GROUPS.proxmoxUsers).parents = [SEED_GROUPS.admins];
        findGroup(draft, SEED_GROUPS.proxmoxUsers).members = [SEED_USERS.jodie];
      },
      {
        kind: "member-added",
        severity: "critical",
        message: "jodie was added to proxmox_users, a superuser group (through authentik Admins), which the runbook does not list",
      },
    ],
    [
      "an undocumented app open to everyone",
      (draft) => {
        draft.applications.push(application("grafana", { name: "Grafana" }));
      },
      {
        kind: "application-undocumented",
        severity: "critical",
        expected: null,
        actual: "Grafana",
        message:
          "Grafana (grafana) is open to every authenticated user, and the runbook lists it in neither the bindings nor the unbound table",
      },
    ],
    [
      "a group that became a superuser group",
      (draft) => {
        findGroup(draft, SEED_GROUPS.cloud).isSuperuser = true;
      },
      {
        kind: "group-superuser-changed",
        expected: false,
        actual: true,
        message:
          "cloud-users is now a superuser group, so its members can administer authentik, but the runbook does not mark it (superuser)",
      },
    ],
  ])("says what it found in one sentence: %s", (_title, edit, expected) => {
    const snapshot = seedWith(edit);

    const findings = diffBaseline(seedBaseline(), snapshot).findings;

    expect(findings.find((finding) => finding.kind === (expected.kind ?? findings[0]?.kind))).toMatchObject(expected);
  });

  it("matches a binding row by the live group matched to its documented group, and its pk case-insensitively", () => {
    const baseline = editBaseline(seedBaseline(), (draft) => {
      const jellyfin = draft.bindings.find((row) => row.slug === "jellyfin");
      if (jellyfin) jellyfin.bindingPk = "31515FFC-F937-442F-9813-263E68247687";
    });

    const result = diffBaseline(baseline, seedSnapshot());

    expect(result.inSync).toBe(true);
  });
});
