import { describe, expect, it } from "vitest";
import { diffBaseline, expectedState, matchGroups } from "../../src/diff/index.js";
import { FULL_TABLE_CAPABILITIES, applyChangeToState, describeChange, plan, planStates } from "../../src/manage/index.js";
import type { Change, Plan } from "../../src/manage/index.js";
import type { Snapshot, SnapshotBinding } from "../../src/snapshot/index.js";
import {
  SEED_GROUPS,
  SEED_USERS,
  appPk,
  application,
  editBaseline,
  editSnapshot,
  findApplication,
  findGroup,
  group,
  groupBinding,
  policyBinding,
  seedBaseline,
  seedSnapshot,
  user,
  userBinding,
} from "../fixtures/snapshots.js";

const RILEY = 4;

/** The seed tenant plus riley, an active user in no group. */
function seedWithRiley(): Snapshot {
  return editSnapshot(seedSnapshot(), (draft) => {
    draft.users.push(user(RILEY, "riley"));
  });
}

function descriptions(result: Plan): string[] {
  return result.steps.map((step) => describeChange(step.change));
}

function kinds(result: Plan): Change["kind"][] {
  return result.steps.map((step) => step.change.kind);
}

describe("manage/plan", () => {
  it("has nothing to do when authentik is what the tables say", () => {
    const result = plan(seedBaseline(), seedSnapshot());

    expect(result).toEqual({ steps: [], notes: [], unmanaged: [] });
  });

  it.each([
    {
      drift: "a member added by hand",
      edit: (draft: Snapshot) => {
        draft.users.push(user(RILEY, "riley"));
        findGroup(draft, SEED_GROUPS.media).members.push(RILEY);
      },
      expected: ["remove riley from media-users"],
    },
    {
      drift: "a documented member removed",
      edit: (draft: Snapshot) => {
        findGroup(draft, SEED_GROUPS.media).members = [];
      },
      expected: ["add jodie to media-users"],
    },
    {
      drift: "a documented binding deleted",
      edit: (draft: Snapshot) => {
        draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("mailcow"));
      },
      expected: ["bind mailcow to communication-users"],
    },
    {
      drift: "a documented binding disabled",
      edit: (draft: Snapshot) => {
        const binding = draft.bindings.find((candidate) => candidate.target === appPk("forgejo"));
        if (binding) binding.enabled = false;
      },
      expected: ["re-enable forgejo's binding to productivity-users (49953de3-af0b-4b1b-954d-70684d127445)"],
    },
    {
      drift: "a documented binding negated",
      edit: (draft: Snapshot) => {
        const binding = draft.bindings.find((candidate) => candidate.target === appPk("nextcloud"));
        if (binding) binding.negate = true;
      },
      expected: ["un-negate nextcloud's binding to cloud-users (6ac8ccfc-7ca3-4288-a281-b78a1c675e57)"],
    },
    {
      drift: "an undocumented group binding",
      edit: (draft: Snapshot) => {
        draft.bindings.push(groupBinding("jellyfin", SEED_GROUPS.cloud, { pk: "extra", order: 5 }));
      },
      expected: ["unbind jellyfin from cloud-users (extra)"],
    },
    {
      drift: "a documented binding that expired (the API cannot lift an expiry)",
      edit: (draft: Snapshot) => {
        const binding = draft.bindings.find((candidate) => candidate.target === appPk("immich"));
        if (binding) binding.expires = "2026-01-01T00:00:00Z";
      },
      expected: ["bind immich to cloud-users", "unbind immich from cloud-users (4fdf2887-e94f-4c24-81d2-d8cd4587ef38, expired)"],
    },
    {
      drift: "a group made superuser",
      edit: (draft: Snapshot) => {
        findGroup(draft, SEED_GROUPS.proxmoxAdmins).isSuperuser = true;
      },
      expected: ["make proxmox_admins an ordinary group (not superuser)"],
    },
    {
      drift: "a superuser group made ordinary",
      edit: (draft: Snapshot) => {
        findGroup(draft, SEED_GROUPS.admins).isSuperuser = false;
      },
      expected: ["make authentik Admins a superuser group"],
    },
    {
      drift: "a group renamed",
      edit: (draft: Snapshot) => {
        findGroup(draft, SEED_GROUPS.proxmoxUsers).name = "proxmox-users";
      },
      expected: ["rename group proxmox-users to proxmox_users"],
    },
    {
      drift: "engine mode all on a bound app",
      edit: (draft: Snapshot) => {
        findApplication(draft, "vaultwarden").policyEngineMode = "all";
      },
      expected: ["set vaultwarden's policy engine mode to any (was all)"],
    },
    {
      drift: "engine mode all on an unbound app, where it decides nothing",
      edit: (draft: Snapshot) => {
        findApplication(draft, "headplane").policyEngineMode = "all";
      },
      expected: [],
    },
  ])("undoes $drift", ({ edit, expected }) => {
    const snapshot = editSnapshot(seedSnapshot(), edit);

    const result = plan(seedBaseline(), snapshot);

    expect(descriptions(result)).toEqual(expected);
  });

  it("re-creates a pinned binding that is gone, and says the runbook's pk will be stale", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("mailcow") && binding.target !== appPk("jellyseer"));
    });

    const result = plan(seedBaseline(), snapshot);

    expect(result.steps.map((step) => step.change)).toEqual([
      expect.objectContaining({ kind: "create-binding", application: expect.objectContaining({ slug: "jellyseer" }), replacesPk: null }),
      expect.objectContaining({
        kind: "create-binding",
        application: expect.objectContaining({ slug: "mailcow" }),
        replacesPk: "5a8f92de-81d5-4cf6-9273-7093de0f568d",
        enabled: true,
        negate: false,
      }),
    ]);
  });

  it("creates a deleted group with its documented superuser flag, members and bindings, refering to it by name until it exists", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.groups = draft.groups.filter((candidate) => candidate.pk !== SEED_GROUPS.media);
      // authentik deletes a group's bindings with it.
      draft.bindings = draft.bindings.filter((binding) => binding.group !== SEED_GROUPS.media);
    });

    const result = plan(seedBaseline(), snapshot);

    expect(descriptions(result)).toEqual([
      "create group media-users",
      "add jodie to media-users",
      "bind jellyfin to media-users",
      "bind jellyseer to media-users",
      "bind peertube to media-users",
    ]);
    expect(result.steps[1]?.change).toEqual({ kind: "add-member", group: { name: "media-users", pk: null }, username: "jodie", userPk: 3 });
    expect(result.notes).toEqual([
      {
        level: "info",
        message: `media-users will get a new pk from authentik, not ${SEED_GROUPS.media} as the runbook records (--update-runbook writes the new one)`,
      },
    ]);
  });

  it("works out each step's effect on the state the steps before it leave", () => {
    const snapshot = editSnapshot(seedWithRiley(), (draft) => {
      draft.groups = draft.groups.filter((candidate) => candidate.pk !== SEED_GROUPS.media);
      draft.bindings = draft.bindings.filter((binding) => binding.group !== SEED_GROUPS.media);
    });

    const result = plan(seedBaseline(), snapshot);

    // Jellyfin is open (its group and binding are gone): binding it shuts out everyone but jodie, who was added first.
    const bindJellyfin = result.steps[2];
    expect(bindJellyfin?.effects).toEqual([
      {
        slug: "jellyfin",
        name: "Jellyfin",
        before: { decidedBy: "everyone", allowed: 4 },
        after: { decidedBy: "bindings", allowed: 1 },
        gained: [],
        lost: ["akadmin", "matt", "riley"],
      },
    ]);
    expect(result.steps[1]?.effects).toEqual([]);
  });

  it("says who gains and who loses superuser status", () => {
    const snapshot = editSnapshot(seedWithRiley(), (draft) => {
      findGroup(draft, SEED_GROUPS.admins).members.push(RILEY);
    });

    const result = plan(seedBaseline(), snapshot);

    expect(descriptions(result)).toEqual(["remove riley from authentik Admins"]);
    expect(result.steps[0]?.superusers).toEqual({ gained: [], lost: ["riley"] });
  });

  it("orders every step so that nobody is let in late or shut out early", () => {
    const snapshot = editSnapshot(seedWithRiley(), (draft) => {
      findGroup(draft, SEED_GROUPS.proxmoxAdmins).isSuperuser = true;
      findGroup(draft, SEED_GROUPS.admins).isSuperuser = false;
      findGroup(draft, SEED_GROUPS.proxmoxUsers).name = "proxmox-users";
      findGroup(draft, SEED_GROUPS.media).members = [RILEY];
      findApplication(draft, "vaultwarden").policyEngineMode = "all";
      draft.groups = draft.groups.filter((candidate) => candidate.pk !== SEED_GROUPS.security);
      draft.bindings = draft.bindings.filter((binding) => binding.group !== SEED_GROUPS.security);
      draft.bindings.push(groupBinding("vaultwarden", SEED_GROUPS.cloud, { pk: "stand-in", order: 3 }));
      const forgejo = draft.bindings.find((binding) => binding.target === appPk("forgejo"));
      if (forgejo) forgejo.enabled = false;
    });

    const result = plan(seedBaseline(), snapshot);

    expect(descriptions(result)).toEqual([
      "create group security-users",
      "rename group proxmox-users to proxmox_users",
      "make proxmox_admins an ordinary group (not superuser)",
      "add jodie to media-users",
      "set vaultwarden's policy engine mode to any (was all)",
      "bind vaultwarden to security-users",
      "re-enable forgejo's binding to productivity-users (49953de3-af0b-4b1b-954d-70684d127445)",
      "unbind vaultwarden from cloud-users (stand-in)",
      "remove riley from media-users",
      "make authentik Admins a superuser group",
    ]);
  });

  it("never opens a documented bound app halfway: its new binding comes before the old one goes", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("jellyfin"));
      draft.bindings.push(groupBinding("jellyfin", SEED_GROUPS.cloud, { pk: "replacement" }));
    });
    const result = plan(seedBaseline(), snapshot);
    let state: Snapshot = snapshot;

    const inForce: number[] = [];
    for (const [index, step] of result.steps.entries()) {
      state = { ...state, ...applyChangeToState(state, step.change, `new-${index}`) };
      inForce.push(state.bindings.filter((binding) => binding.target === appPk("jellyfin") && binding.enabled).length);
    }

    expect(kinds(result)).toEqual(["create-binding", "delete-binding"]);
    expect(inForce).toEqual([2, 1]);
  });

  const outsideTheTables = (): Snapshot =>
    editSnapshot(seedWithRiley(), (draft) => {
      draft.groups.push(group("g-family", "family", [RILEY], { parents: [SEED_GROUPS.media] }));
      findGroup(draft, SEED_GROUPS.cloud).parents = [SEED_GROUPS.admins];
      draft.applications.push(application("wiki", { name: "Wiki" }));
      draft.bindings.push(groupBinding("wiki", "g-family"));
      draft.bindings.push(userBinding("nextcloud", RILEY, { pk: "riley-on-nextcloud" }));
    });

  it("never touches groups or applications the tables do not list, and undoes parents and user bindings they do not list", () => {
    const result = plan(seedBaseline(), outsideTheTables());

    expect(result.steps.map((step) => describeChange(step.change))).toEqual([
      "unbind nextcloud from user:riley (riley-on-nextcloud)",
      "set the parents of cloud-users to none (were: authentik Admins)",
    ]);
    expect(result.unmanaged.map((object) => `${object.kind} ${object.name}`)).toEqual(["group family", "application wiki"]);
  });

  it("with a narrower table format, leaves what the tables cannot describe alone, and lists it as not managed", () => {
    const result = plan(seedBaseline(), outsideTheTables(), { capabilities: { bindingKinds: ["group"], parents: false, expiry: false } });

    expect(result.steps).toEqual([]);
    expect(result.unmanaged).toEqual([
      { kind: "group", name: "family", reason: "pk g-family; not in the runbook's groups table" },
      { kind: "parents", name: "cloud-users", reason: "its parents (authentik Admins) are not in the tables" },
      {
        kind: "binding",
        name: "nextcloud ← user:riley",
        reason: "a user binding (riley-on-nextcloud); the tables cannot list user bindings",
      },
      { kind: "application", name: "wiki", reason: "in neither the bindings nor the unbound table (1 binding)" },
    ]);
  });

  it("notes what it cannot do: unknown users, applications authentik lacks", () => {
    const baseline = editBaseline(seedBaseline(), (draft) => {
      draft.groups.find((candidate) => candidate.name === "media-users")?.members.push("ghost");
    });
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.applications = draft.applications.filter((app) => app.slug !== "immich" && app.slug !== "watchtower");
      draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("immich"));
    });

    const result = plan(baseline, snapshot);

    expect(result.steps).toEqual([]);
    expect(result.notes.map((note) => note.message)).toEqual([
      "ghost cannot be added to media-users: authentik has no user named ghost",
      "Immich (immich) is not in authentik, and the planner never creates applications: its bindings cannot be made",
      "WATCHTOWER (watchtower) is not in authentik, and the planner never creates applications",
    ]);
  });

  it("leaves the live state with no warning or critical finding the tables can express", () => {
    const snapshot = editSnapshot(seedWithRiley(), (draft) => {
      findGroup(draft, SEED_GROUPS.media).members = [RILEY];
      findGroup(draft, SEED_GROUPS.proxmoxAdmins).isSuperuser = true;
      findGroup(draft, SEED_GROUPS.proxmoxUsers).name = "proxmox-users";
      findApplication(draft, "forgejo").policyEngineMode = "all";
      draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("mailcow"));
      draft.bindings.push(groupBinding("headplane", SEED_GROUPS.media, { pk: "restricts-headplane" }));
      draft.bindings.push(groupBinding("vaultwarden", SEED_GROUPS.proxmoxUsers, { pk: "negated", negate: true, order: 10 }));
      const nextcloud = draft.bindings.find((binding) => binding.target === appPk("nextcloud"));
      if (nextcloud) nextcloud.enabled = false;
    });
    const before = diffBaseline(seedBaseline(), snapshot);

    const result = plan(seedBaseline(), snapshot);
    let state: Snapshot = snapshot;
    result.steps.forEach((step, index) => {
      state = { ...state, ...applyChangeToState(state, step.change, `new-${index}`) };
    });
    const after = diffBaseline(seedBaseline(), state);

    expect(before.summary.critical + before.summary.warning).toBeGreaterThan(6);
    expect(after.findings.filter((finding) => finding.severity !== "info")).toEqual([]);
    expect(after.accessChanges).toEqual([]);
  });
});

describe("manage/planStates: a desired state that says more than today's tables", () => {
  const baseline = seedBaseline();

  it("adds the new parent before the old one goes, when the tables list parents", () => {
    const live = editSnapshot(seedWithRiley(), (draft) => {
      findGroup(draft, SEED_GROUPS.cloud).parents = [SEED_GROUPS.admins];
    });
    const documented = expectedState(baseline, live);
    const desired = {
      ...documented,
      groups: documented.groups.map((entry) => (entry.pk === SEED_GROUPS.cloud ? { ...entry, parents: [SEED_GROUPS.media] } : entry)),
    };

    const result = planStates(desired, live, matchGroups(baseline.groups, live.groups), {
      capabilities: { bindingKinds: ["group"], parents: true, expiry: false },
    });

    expect(descriptions(result)).toEqual([
      "set the parents of cloud-users to authentik Admins, media-users (were: authentik Admins)",
      "set the parents of cloud-users to media-users (were: authentik Admins, media-users)",
    ]);
  });

  it("manages user bindings when the tables list them: creates the listed one, deletes the others", () => {
    const live = editSnapshot(seedWithRiley(), (draft) => {
      draft.bindings.push(userBinding("nextcloud", RILEY, { pk: "riley-on-nextcloud", order: 4 }));
    });
    const desired = expectedState(baseline, live);
    desired.bindings = [
      ...desired.bindings,
      { ...userBinding("immich", SEED_USERS.jodie), pk: "baseline:binding:immich:jodie", order: 1, expires: null },
    ];

    const result = planStates(desired, live, matchGroups(baseline.groups, live.groups), {
      capabilities: { bindingKinds: ["group", "user"], parents: false, expiry: false },
    });

    expect(descriptions(result)).toEqual(["bind immich to user:jodie", "unbind nextcloud from user:riley (riley-on-nextcloud)"]);
  });

  it("with every column: binds a policy by its name, keeps an expiring binding whose expiry matches, and says what it cannot create", () => {
    const live = editSnapshot(seedWithRiley(), (draft) => {
      draft.bindings.push(policyBinding("forgejo", "office-hours", { pk: "office-on-forgejo", order: 2 }));
      const immich = draft.bindings.find((binding) => binding.target === appPk("immich"));
      if (immich) immich.expires = "2027-01-01T00:00:00Z";
    });
    const desired = expectedState(baseline, live);
    const row = (slug: string, fields: Partial<SnapshotBinding>): SnapshotBinding => ({
      pk: `baseline:binding:${slug}:${fields.kind ?? "group"}`,
      target: appPk(slug),
      kind: "group",
      group: null,
      user: null,
      policy: null,
      policyName: null,
      enabled: true,
      negate: false,
      order: 5,
      expires: null,
      ...fields,
    });
    desired.bindings = [
      ...desired.bindings.map((binding) =>
        binding.target === appPk("immich") ? { ...binding, expires: "2027-01-01T00:00:00.000Z" } : binding,
      ),
      row("nextcloud", { kind: "policy", policy: "baseline:policy:office-hours", policyName: "office-hours" }),
      row("forgejo", { kind: "policy", policy: "baseline:policy:office-hours", policyName: "office-hours" }),
      row("peertube", { kind: "policy", policy: "baseline:policy:geoip", policyName: "geoip" }),
      row("jellyfin", { kind: "user", user: RILEY, expires: "2027-06-01T00:00:00Z" }),
    ];

    const result = planStates(desired, live, matchGroups(baseline.groups, live.groups), { capabilities: FULL_TABLE_CAPABILITIES });

    expect(descriptions(result)).toEqual(["bind nextcloud to policy:office-hours"]);
    expect(result.steps[0]?.change).toMatchObject({
      subject: { kind: "policy", policyPk: "policy-office-hours", policyName: "office-hours" },
    });
    expect(result.notes.map((note) => note.message)).toEqual([
      "Jellyfin's binding to user:riley should expire at 2027-06-01T00:00:00Z, and authentik's API cannot create an expiring binding",
      "PeerTube's binding to policy:geoip cannot be made: no binding in authentik uses a policy of that name, so its pk is unknown (the planner never creates policies)",
    ]);
  });

  it("with every column: replaces a binding whose expiry the tables do not state", () => {
    const live = editSnapshot(seedSnapshot(), (draft) => {
      const immich = draft.bindings.find((binding) => binding.target === appPk("immich"));
      if (immich) immich.expires = "2027-01-01T00:00:00Z";
    });

    const result = planStates(expectedState(baseline, live), live, matchGroups(baseline.groups, live.groups), {
      capabilities: FULL_TABLE_CAPABILITIES,
    });

    expect(descriptions(result)).toEqual([
      "bind immich to cloud-users",
      "unbind immich from cloud-users (4fdf2887-e94f-4c24-81d2-d8cd4587ef38)",
    ]);
  });

  it("keeps the last binding of a documented bound app when the binding the tables want cannot be made", () => {
    const live = editSnapshot(seedSnapshot(), (draft) => {
      draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("peertube"));
      draft.bindings.push(groupBinding("peertube", SEED_GROUPS.cloud, { pk: "only-binding" }));
    });
    const desired = expectedState(baseline, live);
    desired.bindings = desired.bindings.map((binding) =>
      binding.target === appPk("peertube") ? { ...binding, group: "baseline:group:gone" } : binding,
    );

    const result = planStates(desired, live, matchGroups(baseline.groups, live.groups));

    expect(result.steps).toEqual([]);
    expect(result.notes.map((note) => note.message)).toEqual([
      "PeerTube's binding to baseline:group:gone cannot be made: the tables' groups table does not list that group",
      "PeerTube's binding only-binding is kept: removing it would leave the app with no binding in force, because the binding the runbook lists cannot be made",
    ]);
  });

  it("leaves a drift accepted in the runbook alone, and says so; an expired acceptance no longer holds it back", () => {
    const snapshot = editSnapshot(seedWithRiley(), (draft) => {
      findGroup(draft, SEED_GROUPS.media).members.push(RILEY);
    });
    const accepting = (until: string | null) =>
      editBaseline(seedBaseline(), (draft) => {
        draft.acceptances.push({ finding: `member-added:media-users/riley`, reason: "helps with the migration", until, line: 99 });
      });

    const accepted = plan(accepting("2099-01-01"), snapshot);
    const expired = plan(accepting("2020-01-01"), snapshot);

    expect(accepted.steps.map((step) => describeChange(step.change))).not.toContain("remove riley from media-users");
    expect(accepted.notes).toContainEqual({
      level: "info",
      message:
        "not planned: remove riley from media-users, because member-added:media-users/riley is accepted in the runbook (helps with the migration)",
    });
    expect(expired.steps.map((step) => describeChange(step.change))).toContain("remove riley from media-users");
  });
});
