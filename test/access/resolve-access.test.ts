import { describe, expect, it } from "vitest";
import { resolveAccess } from "../../src/access/index.js";
import type { ApplicationAccess } from "../../src/access/index.js";
import { TAKEN_AT, application, group, groupBinding, makeSnapshot, policyBinding, user, userBinding } from "../fixtures/snapshots.js";
import type { SnapshotParts } from "../fixtures/snapshots.js";

function accessOf(parts: SnapshotParts, slug: string, authentikVersion?: string | null): ApplicationAccess | undefined {
  const matrix = resolveAccess(makeSnapshot(parts), { authentikVersion });
  return matrix.applications.find((app) => app.slug === slug);
}

/** grand <- parent <- child, one member each; one app bound to each level. */
const chain: SnapshotParts = {
  users: [user(1, "grand-member"), user(2, "parent-member"), user(3, "child-member")],
  groups: [
    group("g-grand", "grand", [1]),
    group("g-parent", "parent", [2], { parents: ["g-grand"] }),
    group("g-child", "child", [3], { parents: ["g-parent"] }),
  ],
  applications: [application("top"), application("middle"), application("bottom")],
  bindings: [groupBinding("top", "g-grand"), groupBinding("middle", "g-parent"), groupBinding("bottom", "g-child")],
};

describe("access/resolve-access", () => {
  it.each([
    ["top", ["child-member", "grand-member", "parent-member"]],
    ["middle", ["child-member", "parent-member"]],
    ["bottom", ["child-member"]],
  ])("passes a binding on %s to members of the group and of every group below it: %j", (slug, allowed) => {
    const parts = chain;

    const access = accessOf(parts, slug);

    expect(access).toEqual({
      slug,
      name: slug,
      everyone: null,
      allow: allowed,
      indeterminate: [],
      serviceAccounts: { allow: [], indeterminate: [] },
    });
  });

  it("survives a cycle in the parents and treats every group on it as below the others", () => {
    const parts: SnapshotParts = {
      users: [user(1, "in-a"), user(2, "in-b"), user(3, "in-self")],
      groups: [
        group("g-a", "a", [1], { parents: ["g-b"] }),
        group("g-b", "b", [2], { parents: ["g-a"] }),
        group("g-self", "self", [3], { parents: ["g-self"] }),
      ],
      applications: [application("bound-to-a"), application("bound-to-self")],
      bindings: [groupBinding("bound-to-a", "g-a"), groupBinding("bound-to-self", "g-self")],
    };

    const matrix = resolveAccess(makeSnapshot(parts));

    expect(matrix.applications.map((app) => [app.slug, app.allow])).toEqual([
      ["bound-to-a", ["in-a", "in-b"]],
      ["bound-to-self", ["in-self"]],
    ]);
  });

  it("admits everyone who is NOT in the group through a negated group binding, child groups included", () => {
    const parts: SnapshotParts = {
      users: [user(1, "staff-member"), user(2, "contractor"), user(3, "outsider"), user(4, "child-member")],
      groups: [group("g-staff", "staff", [1]), group("g-child", "staff-child", [4], { parents: ["g-staff"] })],
      applications: [application("wiki")],
      bindings: [groupBinding("wiki", "g-staff", { negate: true })],
    };

    const access = accessOf(parts, "wiki");

    expect(access?.allow).toEqual(["contractor", "outsider"]);
  });

  it.each([
    [true, true, "allow"],
    [false, true, "deny"],
    // authentik's flag defaults to open when it could not be read.
    [false, false, "allow"],
    [true, false, "allow"],
  ] as const)(
    "lets the default decide an app whose bindings are all disabled (defaultAppAccess %s, known %s): %s",
    (defaultAppAccess, defaultAppAccessKnown, everyone) => {
      const parts: SnapshotParts = {
        settings: { defaultAppAccess, defaultAppAccessKnown },
        users: [user(1, "jodie")],
        groups: [group("g-media", "media-users", [1])],
        applications: [application("jellyfin")],
        bindings: [groupBinding("jellyfin", "g-media", { enabled: false })],
      };

      const access = accessOf(parts, "jellyfin");

      expect(access).toEqual({
        slug: "jellyfin",
        name: "jellyfin",
        everyone,
        allow: [],
        indeterminate: [],
        serviceAccounts: { allow: [], indeterminate: [] },
      });
    },
  );

  it.each([
    ["an hour before the snapshot", "2026-03-01T11:00:00.000Z", "allow", []],
    ["at the instant of the snapshot", TAKEN_AT, "allow", []],
    ["an hour after the snapshot", "2026-03-01T13:00:00.000Z", null, ["jodie"]],
    ["never", null, null, ["jodie"]],
  ] as const)("ignores a binding that expired (expires %s)", (_when, expires, everyone, allow) => {
    const parts: SnapshotParts = {
      users: [user(1, "jodie"), user(2, "sam")],
      groups: [group("g-media", "media-users", [1])],
      applications: [application("jellyfin")],
      bindings: [groupBinding("jellyfin", "g-media", { expires })],
    };

    const access = accessOf(parts, "jellyfin");

    expect(access).toMatchObject({ everyone, allow });
  });

  const twoGroups = (policyEngineMode: "any" | "all"): SnapshotParts => ({
    users: [user(1, "a-only"), user(2, "b-only"), user(3, "both"), user(4, "neither")],
    groups: [group("g-a", "a", [1, 3]), group("g-b", "b", [2, 3])],
    applications: [application("app", { policyEngineMode })],
    bindings: [groupBinding("app", "g-a", { order: 0 }), groupBinding("app", "g-b", { order: 1 })],
  });

  it.each([
    ["any", null, ["a-only", "b-only", "both"]],
    ["any", "2025.10.3", ["a-only", "b-only", "both"]],
    ["all", null, ["both"]],
    ["all", "2026.2.0", ["both"]],
    ["all", "2025.12.5", ["both"]],
    ["all", "2025.6.3", ["both"]],
    // 2025.8.0 to 2025.12.4: one passing static binding satisfied them all.
    ["all", "2025.8.0", ["a-only", "b-only", "both"]],
    ["all", "2025.10.3", ["a-only", "b-only", "both"]],
    ["all", "2025.12.4", ["a-only", "b-only", "both"]],
  ] as const)("combines two group bindings in %s mode on authentik %s", (mode, version, allow) => {
    const parts = twoGroups(mode);

    const access = accessOf(parts, "app", version);

    expect(access?.allow).toEqual(allow);
  });

  it.each([
    [false, ["jodie"]],
    [true, ["matt", "sam"]],
  ])("passes a user binding (negate %s) for exactly that user, or everyone else", (negate, allow) => {
    const parts: SnapshotParts = {
      users: [user(1, "jodie"), user(2, "matt"), user(3, "sam")],
      applications: [application("forgejo")],
      bindings: [userBinding("forgejo", 1, { negate })],
    };

    const access = accessOf(parts, "forgejo");

    expect(access).toEqual({
      slug: "forgejo",
      name: "forgejo",
      everyone: null,
      allow,
      indeterminate: [],
      serviceAccounts: { allow: [], indeterminate: [] },
    });
  });

  it.each([
    ["any", false, false, [], ["jodie", "sam"]],
    ["any", true, false, [], ["jodie", "sam"]],
    ["any", false, true, ["jodie"], ["sam"]],
    ["any", true, true, ["jodie"], ["sam"]],
    ["all", false, false, [], ["jodie", "sam"]],
    ["all", true, false, [], ["jodie", "sam"]],
    ["all", false, true, [], ["jodie"]],
    ["all", true, true, [], ["jodie"]],
  ] as const)(
    "leaves a policy binding indeterminate (mode %s, negate %s, with a group binding %s)",
    (policyEngineMode, negate, withGroup, allow, indeterminate) => {
      const parts: SnapshotParts = {
        users: [user(1, "jodie"), user(2, "sam")],
        groups: [group("g-media", "media-users", [1])],
        applications: [application("jellyfin", { policyEngineMode })],
        bindings: [
          policyBinding("jellyfin", "only-from-vpn", { negate, order: 1 }),
          ...(withGroup ? [groupBinding("jellyfin", "g-media")] : []),
        ],
      };

      const access = accessOf(parts, "jellyfin");

      expect(access).toEqual({
        slug: "jellyfin",
        name: "jellyfin",
        everyone: null,
        allow,
        indeterminate,
        serviceAccounts: { allow: [], indeterminate: [] },
      });
    },
  );

  it("lists no inactive user, even one in the bound group or passing a negated binding", () => {
    const parts: SnapshotParts = {
      users: [user(1, "jodie"), user(2, "gone", { isActive: false }), user(3, "left", { isActive: false })],
      groups: [group("g-media", "media-users", [1, 2])],
      applications: [application("jellyfin"), application("wiki"), application("forgejo")],
      bindings: [groupBinding("jellyfin", "g-media"), groupBinding("wiki", "g-media", { negate: true }), userBinding("forgejo", 3)],
    };

    const matrix = resolveAccess(makeSnapshot(parts));

    expect(matrix.applications.map((app) => [app.slug, app.allow])).toEqual([
      ["forgejo", []],
      ["jellyfin", ["jodie"]],
      ["wiki", []],
    ]);
  });

  it("gives a superuser no exemption from an app's bindings", () => {
    const parts: SnapshotParts = {
      users: [user(1, "akadmin", { isSuperuser: true }), user(2, "jodie")],
      groups: [group("g-admins", "authentik Admins", [1], { isSuperuser: true }), group("g-media", "media-users", [2])],
      applications: [application("jellyfin")],
      bindings: [groupBinding("jellyfin", "g-media")],
    };

    const access = accessOf(parts, "jellyfin");

    expect(access?.allow).toEqual(["jodie"]);
  });

  it("sorts applications by slug and usernames in code-point order, and names each app", () => {
    const parts: SnapshotParts = {
      users: [user(1, "zoe"), user(2, "Bob"), user(3, "amy")],
      groups: [group("g-all", "all", [1, 2, 3])],
      applications: [application("zulip", { name: "Zulip" }), application("affine", { name: "AFFiNE" })],
      bindings: [groupBinding("zulip", "g-all")],
    };

    const matrix = resolveAccess(makeSnapshot(parts));

    expect(matrix).toEqual({
      applications: [
        {
          slug: "affine",
          name: "AFFiNE",
          everyone: "allow",
          allow: [],
          indeterminate: [],
          serviceAccounts: { allow: [], indeterminate: [] },
        },
        {
          slug: "zulip",
          name: "Zulip",
          everyone: null,
          allow: ["Bob", "amy", "zoe"],
          indeterminate: [],
          serviceAccounts: { allow: [], indeterminate: [] },
        },
      ],
    });
  });

  it("keeps everyone null for a bound app that happens to admit every active user", () => {
    const parts: SnapshotParts = {
      users: [user(1, "jodie"), user(2, "sam")],
      groups: [group("g-nobody", "nobody")],
      applications: [application("wiki")],
      bindings: [groupBinding("wiki", "g-nobody", { negate: true })],
    };

    const access = accessOf(parts, "wiki");

    expect(access).toEqual({
      slug: "wiki",
      name: "wiki",
      everyone: null,
      allow: ["jodie", "sam"],
      indeterminate: [],
      serviceAccounts: { allow: [], indeterminate: [] },
    });
  });
});
