import { describe, expect, it } from "vitest";
import { resolveAccess } from "../../src/access/index.js";
import { expectedState } from "../../src/diff/index.js";
import {
  JELLYSEER_BINDING_PK,
  SEED_GROUPS,
  SEED_USERS,
  appPk,
  editBaseline,
  editSnapshot,
  group,
  seedBaseline,
  seedSnapshot,
} from "../fixtures/snapshots.js";

describe("diff/expected-state", () => {
  it("turns the documented groups into direct memberships of live users, without parents", () => {
    const baseline = editBaseline(seedBaseline(), (draft) => {
      const media = draft.groups.find((candidate) => candidate.name === "media-users");
      media?.members.push("ghost", "matt");
    });
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.groups.push(group("g-family", "family", [SEED_USERS.jodie], { parents: [SEED_GROUPS.media] }));
    });

    const state = expectedState(baseline, snapshot);

    expect(state.groups.map((entry) => [entry.name, entry.pk, entry.members, entry.parents, entry.isSuperuser])).toEqual([
      ["authentik Admins", SEED_GROUPS.admins, [1, 2], [], true],
      ["cloud-users", SEED_GROUPS.cloud, [], [], false],
      ["communication-users", SEED_GROUPS.communication, [], [], false],
      ["media-users", SEED_GROUPS.media, [2, 3], [], false],
      ["productivity-users", SEED_GROUPS.productivity, [], [], false],
      ["proxmox_admins", SEED_GROUPS.proxmoxAdmins, [1, 2], [], false],
      ["proxmox_users", SEED_GROUPS.proxmoxUsers, [], [], false],
      ["security-users", SEED_GROUPS.security, [], [], false],
    ]);
    expect(state.users).toBe(snapshot.users);
    expect(state.settings).toBe(snapshot.settings);
  });

  it("gives every binding row one enabled, non-negated group binding, on the live app when there is one", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.applications = draft.applications.filter((candidate) => candidate.slug !== "immich");
      for (const app of draft.applications) app.policyEngineMode = "all";
    });

    const state = expectedState(seedBaseline(), snapshot);

    expect(state.applications.map((app) => [app.slug, app.pk, app.policyEngineMode])).toEqual([
      ["forgejo", appPk("forgejo"), "any"],
      ["headplane", appPk("headplane"), "any"],
      ["headscale", appPk("headscale"), "any"],
      ["immich", "baseline:app:immich", "any"],
      ["jellyfin", appPk("jellyfin"), "any"],
      ["jellyseer", appPk("jellyseer"), "any"],
      ["mailcow", appPk("mailcow"), "any"],
      ["nextcloud", appPk("nextcloud"), "any"],
      ["peertube", appPk("peertube"), "any"],
      ["proxmox", appPk("proxmox"), "any"],
      ["vaultwarden", appPk("vaultwarden"), "any"],
      ["watchtower", appPk("watchtower"), "any"],
    ]);
    expect(state.bindings.find((binding) => binding.target === appPk("jellyseer"))).toEqual({
      pk: "baseline:binding:jellyseer:1",
      target: appPk("jellyseer"),
      kind: "group",
      group: SEED_GROUPS.media,
      user: null,
      policy: null,
      policyName: null,
      enabled: true,
      negate: false,
      order: 0,
      expires: null,
    });
    expect(state.bindings).toHaveLength(8);
    expect(state.bindings.every((binding) => binding.enabled && !binding.negate && binding.kind === "group")).toBe(true);
  });

  it("implies, for the seed, the same access as the live seed authentik", () => {
    const snapshot = seedSnapshot();

    const documented = resolveAccess(expectedState(seedBaseline(), snapshot));

    expect(documented).toEqual(resolveAccess(snapshot));
    expect(documented.applications.find((app) => app.slug === "jellyseer")?.allow).toEqual(["jodie"]);
    expect(snapshot.bindings.some((binding) => binding.pk === JELLYSEER_BINDING_PK)).toBe(true);
  });
});
