import { describe, expect, it } from "vitest";
import { diffBaseline } from "../../src/diff/index.js";
import type { AccessChange } from "../../src/diff/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import {
  SEED_GROUPS,
  SEED_USERS,
  appPk,
  editSnapshot,
  findApplication,
  findBinding,
  findGroup,
  group,
  policyBinding,
  seedBaseline,
  seedSnapshot,
  user,
  userBinding,
} from "../fixtures/snapshots.js";

function change(
  username: string,
  slug: string,
  expected: AccessChange["expected"],
  actual: AccessChange["actual"],
  via: string[],
  expectedVia: string[],
): AccessChange {
  const direction =
    expected === "deny" && actual === "allow" ? "gained" : expected === "allow" && actual === "deny" ? "lost" : "indeterminate";
  return { username, slug, expected, actual, direction, serviceAccount: false, via, expectedVia };
}

describe("diff/diff-baseline access changes", () => {
  it.each<[string, (draft: Snapshot) => void, AccessChange[]]>([
    [
      "a member added to a bound group gains its apps",
      (draft) => {
        findGroup(draft, SEED_GROUPS.cloud).members.push(SEED_USERS.jodie);
      },
      [
        change("jodie", "immich", "deny", "allow", ["group:cloud-users"], ["group:cloud-users"]),
        change("jodie", "nextcloud", "deny", "allow", ["group:cloud-users"], ["group:cloud-users"]),
      ],
    ],
    [
      "a member removed loses them",
      (draft) => {
        findGroup(draft, SEED_GROUPS.media).members = [];
      },
      [
        change("jodie", "jellyfin", "allow", "deny", ["group:media-users"], ["group:media-users"]),
        change("jodie", "jellyseer", "allow", "deny", ["group:media-users"], ["group:media-users"]),
        change("jodie", "peertube", "allow", "deny", ["group:media-users"], ["group:media-users"]),
      ],
    ],
    [
      "a removed binding opens the app to every active user",
      (draft) => {
        draft.bindings = draft.bindings.filter((candidate) => candidate.target !== appPk("mailcow"));
      },
      [
        change("akadmin", "mailcow", "deny", "allow", ["default"], ["group:communication-users"]),
        change("jodie", "mailcow", "deny", "allow", ["default"], ["group:communication-users"]),
        change("matt", "mailcow", "deny", "allow", ["default"], ["group:communication-users"]),
      ],
    ],
    [
      "a negated binding turns the app inside out",
      (draft) => {
        findBinding(draft, "jellyfin").negate = true;
      },
      [
        change("akadmin", "jellyfin", "deny", "allow", ["negated group:media-users"], ["group:media-users"]),
        change("jodie", "jellyfin", "allow", "deny", ["negated group:media-users"], ["group:media-users"]),
        change("matt", "jellyfin", "deny", "allow", ["negated group:media-users"], ["group:media-users"]),
      ],
    ],
    [
      "a user in a group nested below a bound group gains its apps, shown with the chain she got in by",
      (draft) => {
        draft.users.push(user(4, "kim"));
        draft.groups.push(group("g-family", "family", [4], { parents: [SEED_GROUPS.media] }));
      },
      [
        change("kim", "jellyfin", "deny", "allow", ["group:family → media-users"], ["group:media-users"]),
        change("kim", "jellyseer", "deny", "allow", ["group:family → media-users"], ["group:media-users"]),
        change("kim", "peertube", "deny", "allow", ["group:family → media-users"], ["group:media-users"]),
      ],
    ],
    [
      "a policy binding makes access indeterminate for those it no longer clearly admits",
      (draft) => {
        findApplication(draft, "forgejo").policyEngineMode = "all";
        draft.bindings.push(policyBinding("forgejo", "vpn", { order: 1 }));
        findGroup(draft, SEED_GROUPS.productivity).members.push(SEED_USERS.jodie);
      },
      [change("jodie", "forgejo", "deny", "indeterminate", ["policy:vpn"], ["group:productivity-users"])],
    ],
    [
      "an inactive user is in no change",
      (draft) => {
        draft.users.push(user(4, "kim", { isActive: false }));
        draft.bindings = draft.bindings.filter((candidate) => candidate.target !== appPk("vaultwarden"));
      },
      [
        change("akadmin", "vaultwarden", "deny", "allow", ["default"], ["group:security-users"]),
        change("jodie", "vaultwarden", "deny", "allow", ["default"], ["group:security-users"]),
        change("matt", "vaultwarden", "deny", "allow", ["default"], ["group:security-users"]),
      ],
    ],
  ])("reports %s", (_title, edit, expected) => {
    const snapshot = editSnapshot(seedSnapshot(), edit);

    const result = diffBaseline(seedBaseline(), snapshot);

    expect(result.accessChanges).toEqual(expected);
    expect(result.inSync).toBe(false);
  });

  it("leaves out apps that are not documented", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.applications.push({ pk: "app-grafana", slug: "grafana", name: "Grafana", policyEngineMode: "any" });
      draft.bindings.push(userBinding("grafana", SEED_USERS.jodie));
    });

    const result = diffBaseline(seedBaseline(), snapshot);

    expect(result.accessChanges).toEqual([]);
  });

  it("expects a documented member who is not live yet to be skipped, not to break the comparison", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.users = draft.users.filter((candidate) => candidate.pk !== SEED_USERS.jodie);
      findGroup(draft, SEED_GROUPS.media).members = [];
    });

    const result = diffBaseline(seedBaseline(), snapshot);

    expect(result.accessChanges).toEqual([]);
  });
});
