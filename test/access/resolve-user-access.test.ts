import { describe, expect, it } from "vitest";
import { resolveUserAccess } from "../../src/access/index.js";
import type { UserApplicationAccess } from "../../src/access/index.js";
import { application, group, groupBinding, makeSnapshot, policyBinding, user, userBinding } from "../fixtures/snapshots.js";

/** One app per rule, and users who exercise them: jodie is in media-users through its child group family. */
const snapshot = makeSnapshot({
  settings: { defaultAppAccess: true, defaultAppAccessKnown: true },
  users: [user(1, "jodie"), user(2, "matt", { isSuperuser: true }), user(3, "sam"), user(4, "gone", { isActive: false })],
  groups: [
    group("g-admins", "authentik Admins", [2], { isSuperuser: true }),
    group("g-media", "media-users"),
    group("g-family", "family", [1, 4], { parents: ["g-media"] }),
    group("g-cloud", "cloud-users", [3]),
  ],
  applications: [
    application("open"),
    application("jellyfin"),
    application("nextcloud"),
    application("wiki"),
    application("forgejo"),
    application("vault", { policyEngineMode: "all" }),
    application("grafana"),
    application("mail"),
  ],
  bindings: [
    groupBinding("jellyfin", "g-media"),
    groupBinding("nextcloud", "g-media", { order: 0 }),
    groupBinding("nextcloud", "g-cloud", { order: 1 }),
    groupBinding("wiki", "g-cloud", { negate: true }),
    userBinding("forgejo", 3),
    userBinding("forgejo", 1, { negate: true, order: 1 }),
    groupBinding("vault", "g-media", { order: 0 }),
    groupBinding("vault", "g-cloud", { order: 1 }),
    policyBinding("grafana", "only-from-vpn"),
    groupBinding("mail", "g-media", { order: 0 }),
    // A binding whose policy name authentik did not send: named by its pk.
    policyBinding("mail", "unnamed", { policyName: null, policy: "5d1f7c2e-policy", order: 1 }),
  ],
});

function appsOf(username: string): Record<string, Omit<UserApplicationAccess, "slug">> {
  const access = resolveUserAccess(snapshot, username);
  return Object.fromEntries((access?.applications ?? []).map(({ slug, ...rest }) => [slug, rest]));
}

describe("access/resolve-user-access", () => {
  it.each([
    ["jodie", "open", "allow", ["default"]],
    // Inherited membership shows its chain: jodie is in family, a child of media-users.
    ["jodie", "jellyfin", "allow", ["group:family → media-users"]],
    ["matt", "jellyfin", "deny", ["group:media-users"]],
    ["jodie", "nextcloud", "allow", ["group:family → media-users"]],
    ["sam", "nextcloud", "allow", ["group:cloud-users"]],
    ["matt", "nextcloud", "deny", ["group:cloud-users", "group:media-users"]],
    ["jodie", "wiki", "allow", ["negated group:cloud-users"]],
    ["sam", "wiki", "deny", ["negated group:cloud-users"]],
    // Under `any` only the passing bindings are named; when none passes, all of them are.
    ["sam", "forgejo", "allow", ["negated user:jodie", "user:sam"]],
    ["matt", "forgejo", "allow", ["negated user:jodie"]],
    ["jodie", "forgejo", "deny", ["negated user:jodie", "user:sam"]],
    // Under `all` the failing bindings are named; when all pass, all of them are.
    ["jodie", "vault", "deny", ["group:cloud-users"]],
    ["matt", "vault", "deny", ["group:cloud-users", "group:media-users"]],
    ["jodie", "grafana", "indeterminate", ["policy:only-from-vpn"]],
    ["jodie", "mail", "allow", ["group:family → media-users"]],
    ["sam", "mail", "indeterminate", ["group:media-users", "policy:5d1f7c2e-policy"]],
  ])("gives %s on %s: %s via %j", (username, slug, result, via) => {
    const apps = appsOf(username);

    const decision = apps[slug];

    expect(decision).toEqual({ result, via });
  });

  it("lists every application, sorted by slug, deny included", () => {
    const access = resolveUserAccess(snapshot, "matt");

    const slugs = access?.applications.map((app) => `${app.slug}:${app.result}`);

    expect(access?.username).toBe("matt");
    expect(slugs).toEqual([
      "forgejo:allow",
      "grafana:indeterminate",
      "jellyfin:deny",
      "mail:indeterminate",
      "nextcloud:deny",
      "open:allow",
      "vault:deny",
      "wiki:allow",
    ]);
  });

  it("denies an inactive user everything, even an open app or one they are a member for, naming only that they are inactive", () => {
    const apps = appsOf("gone");

    const results = Object.values(apps);

    expect(results).toHaveLength(8);
    expect(new Set(results.map((decision) => JSON.stringify(decision)))).toEqual(new Set(['{"result":"deny","via":["inactive"]}']));
  });

  it("names every static binding under `all` on an authentik with the 2025.10 quirk, where one passing binding is enough", () => {
    const access = resolveUserAccess(snapshot, "jodie", { authentikVersion: "2025.10.1" });

    const vault = access?.applications.find((app) => app.slug === "vault");

    expect(vault).toEqual({ slug: "vault", result: "allow", via: ["group:cloud-users", "group:family → media-users"] });
  });

  it.each(["nobody", "Jodie", "jodie "])("returns null for a username no user has exactly: %j", (username) => {
    const access = resolveUserAccess(snapshot, username);

    expect(access).toBeNull();
  });
});
