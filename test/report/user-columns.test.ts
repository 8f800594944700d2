import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import { createReportRenderer, regenerateRunbook } from "../../src/report/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { SEED_GROUPS, SEED_USERS, appPk, editSnapshot, findGroup, group, groupBinding, seedSnapshot, user } from "../fixtures/snapshots.js";

const renderer = createReportRenderer();

/**
 * The seed's tables as a user keeps them: a Notes column, another column order, their own header
 * spelling and padding, a member list in another order, `*(existing)*` for a pk they never looked up.
 */
const USER_RUNBOOK = [
  "# Access",
  "",
  "| Notes | group | Members | PK |",
  "| :---- | ----- | ------- | -- |",
  "| admins, keep small | authentik Admins | matt, akadmin (superuser) | `9944e153-f860-4443-81d1-ae544f611806` |",
  "| media stack | media-users | jodie | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` |",
  "| mail | communication-users | — | `31bce176-cd86-4aea-8db3-a57e03d5c2d1` |",
  "| | security-users | — | `f345a043-c2a4-4906-a43b-9860eae86ee1` |",
  "| git | productivity-users | — | `698d80c7-7c29-43cd-b5d4-9eb24c85a6cc` |",
  "| photos | cloud-users | — | `db3cbf5d-8057-4e33-8e8d-95bfdb35fbac` |",
  "| pve | proxmox_admins | akadmin, matt | `d85a868d-7d1e-4585-92a8-b8bb86771b53` |",
  "| pve | proxmox_users | — | `cf26703a-a824-47dd-9550-30b848a8ce5f` |",
  "",
  "|  Application  | slug | GROUP | Binding pk | Notes |",
  "|---|---|---|---|---|",
  "| Jellyfin | jellyfin | media-users | `31515ffc-f937-442f-9813-263e68247687` | media stack |",
  "| Jellyseer | jellyseer | media-users | *(existing)* | requests |",
  "| PeerTube | peertube | media-users | `c0f79fd3-9270-49f6-8457-42affc96c50a` | |",
  "| Mailcow | mailcow | communication-users | `5a8f92de-81d5-4cf6-9273-7093de0f568d` | mail |",
  "| Vaultwarden | vaultwarden | security-users | `a39e9d0c-237d-4a62-976e-b6c74ee31629` | passwords |",
  "| Forgejo | forgejo | productivity-users | `49953de3-af0b-4b1b-954d-70684d127445` | git |",
  "| Nextcloud | nextcloud | cloud-users | `6ac8ccfc-7ca3-4288-a281-b78a1c675e57` | photos |",
  "| Immich | immich | cloud-users | `4fdf2887-e94f-4c24-81d2-d8cd4587ef38` | photos |",
  "",
  "| Application | Slug | Reason | Owner |",
  "|---|---|---|---|",
  "| Headplane | headplane | Admin tool | matt |",
  "| Headscale VPN | headscale | Admin tool | matt |",
  "| Proxmox VE | proxmox | Admin tool | matt |",
  "| WATCHTOWER | watchtower | Admin tool | matt |",
  "",
].join("\n");

function inject(runbook: string, snapshot: Snapshot): string {
  const parsed = parseBaseline(runbook, "runbook.md");
  expect(parsed.problems).toEqual([]);
  const result = regenerateRunbook(renderer, { runbook, baseline: parsed.baseline, snapshot, sections: { matrix: false, notices: false } });
  if (!result.ok) throw new Error(result.message);
  return result.text;
}

function lines(text: string): string[] {
  return text.split("\n");
}

describe("report --inject keeps the user's tables", () => {
  it("changes nothing when authentik is as documented, whatever the layout", () => {
    expect(inject(USER_RUNBOOK, seedSnapshot())).toBe(USER_RUNBOOK);
  });

  it("rewrites only the cells that changed, keeps every other row byte for byte, and the Notes with their rows", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      findGroup(draft, SEED_GROUPS.media).members.push(SEED_USERS.matt);
      // Vaultwarden's binding is gone; a second binding of Jellyfin appears; a new app without bindings.
      draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("vaultwarden"));
      draft.bindings.push(groupBinding("jellyfin", SEED_GROUPS.cloud, { pk: "7e7e7e7e-0000-4000-8000-000000000001", order: 1 }));
      draft.applications = draft.applications.filter((app) => app.slug !== "watchtower");
    });

    const after = lines(inject(USER_RUNBOOK, snapshot));
    const before = lines(USER_RUNBOOK);

    const changed = after.filter((line) => !before.includes(line));
    const removed = before.filter((line) => !after.includes(line));
    expect(changed).toEqual([
      "| media stack | media-users | jodie, matt | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` |",
      "| Jellyfin | jellyfin | cloud-users | `7e7e7e7e-0000-4000-8000-000000000001` |  |",
      "| Vaultwarden | vaultwarden | — |  |",
    ]);
    expect(removed).toEqual([
      "| media stack | media-users | jodie | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` |",
      "| Vaultwarden | vaultwarden | security-users | `a39e9d0c-237d-4a62-976e-b6c74ee31629` | passwords |",
      "| WATCHTOWER | watchtower | Admin tool | matt |",
    ]);
    // The new binding sits right after its app's other row.
    expect(after.indexOf("| Jellyfin | jellyfin | cloud-users | `7e7e7e7e-0000-4000-8000-000000000001` |  |")).toBe(
      after.indexOf("| Jellyfin | jellyfin | media-users | `31515ffc-f937-442f-9813-263e68247687` | media stack |") + 1,
    );
  });

  it("adds a column the state needs at the end of the header, and fills it only where needed", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.users.push(user(4, "kim"));
      draft.groups.push(group("5e5e5e5e-0000-4000-8000-00000000000f", "family", [4], { parents: [SEED_GROUPS.media] }));
    });

    const after = lines(inject(USER_RUNBOOK, snapshot));

    expect(after[2]).toBe("| Notes | group | Members | PK | Parents |");
    expect(after[3]).toBe("| :---- | ----- | ------- | -- |---------|");
    // Rows that need no parent keep their bytes: a missing trailing cell is an empty one.
    expect(after[5]).toBe(lines(USER_RUNBOOK)[5]);
    expect(after).toContain("|  | family | kim | `5e5e5e5e-0000-4000-8000-00000000000f` | media-users |");
    expect(parseBaseline(after.join("\n"), "runbook.md").baseline?.groups.find((row) => row.name === "family")?.parents).toEqual([
      "media-users",
    ]);
  });

  it("reads the result back as exactly the live state: the Notes change nothing", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      findGroup(draft, SEED_GROUPS.cloud).members.push(SEED_USERS.jodie);
    });

    const after = inject(USER_RUNBOOK, snapshot);

    expect(inject(after, snapshot)).toBe(after);
    expect(parseBaseline(after, "runbook.md").baseline?.groups.find((row) => row.name === "cloud-users")?.members).toEqual(["jodie"]);
  });
});
