import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import type { Baseline } from "../../src/baseline/index.js";

const seedPath = new URL("../../../shared/seed/access-groups-runbook.md", import.meta.url);
const examplePath = new URL("../../examples/access-groups.md", import.meta.url);
const hasSeed = existsSync(seedPath);

const ADMIN_TOOL = "Admin tool — superuser access only needed";

/** The user's Quick Reference data; only the line where each table's first row sits differs between files. */
function expectedBaseline(file: string, firstRows: { groups: number; bindings: number; unbound: number }): Baseline {
  const g = firstRows.groups;
  const b = firstRows.bindings;
  const u = firstRows.unbound;
  return {
    file,
    groups: [
      {
        name: "authentik Admins",
        pk: "9944e153-f860-4443-81d1-ae544f611806",
        members: ["akadmin", "matt"],
        isSuperuser: true,
        parents: [],
        line: g,
      },
      { name: "media-users", pk: "0820b2b8-6c54-4c20-9a0a-872820e6d9ea", members: ["jodie"], isSuperuser: false, parents: [], line: g + 1 },
      {
        name: "communication-users",
        pk: "31bce176-cd86-4aea-8db3-a57e03d5c2d1",
        members: [],
        isSuperuser: false,
        parents: [],
        line: g + 2,
      },
      { name: "security-users", pk: "f345a043-c2a4-4906-a43b-9860eae86ee1", members: [], isSuperuser: false, parents: [], line: g + 3 },
      { name: "productivity-users", pk: "698d80c7-7c29-43cd-b5d4-9eb24c85a6cc", members: [], isSuperuser: false, parents: [], line: g + 4 },
      { name: "cloud-users", pk: "db3cbf5d-8057-4e33-8e8d-95bfdb35fbac", members: [], isSuperuser: false, parents: [], line: g + 5 },
      {
        name: "proxmox_admins",
        pk: "d85a868d-7d1e-4585-92a8-b8bb86771b53",
        members: ["akadmin", "matt"],
        isSuperuser: false,
        parents: [],
        line: g + 6,
      },
      { name: "proxmox_users", pk: "cf26703a-a824-47dd-9550-30b848a8ce5f", members: [], isSuperuser: false, parents: [], line: g + 7 },
    ],
    bindings: [
      {
        application: "Jellyfin",
        slug: "jellyfin",
        target: { kind: "group", name: "media-users" },
        bindingPk: "31515ffc-f937-442f-9813-263e68247687",
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b,
      },
      {
        application: "Jellyseer",
        slug: "jellyseer",
        target: { kind: "group", name: "media-users" },
        bindingPk: null,
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b + 1,
      },
      {
        application: "PeerTube",
        slug: "peertube",
        target: { kind: "group", name: "media-users" },
        bindingPk: "c0f79fd3-9270-49f6-8457-42affc96c50a",
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b + 2,
      },
      {
        application: "Mailcow",
        slug: "mailcow",
        target: { kind: "group", name: "communication-users" },
        bindingPk: "5a8f92de-81d5-4cf6-9273-7093de0f568d",
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b + 3,
      },
      {
        application: "Vaultwarden",
        slug: "vaultwarden",
        target: { kind: "group", name: "security-users" },
        bindingPk: "a39e9d0c-237d-4a62-976e-b6c74ee31629",
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b + 4,
      },
      {
        application: "Forgejo",
        slug: "forgejo",
        target: { kind: "group", name: "productivity-users" },
        bindingPk: "49953de3-af0b-4b1b-954d-70684d127445",
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b + 5,
      },
      {
        application: "Nextcloud",
        slug: "nextcloud",
        target: { kind: "group", name: "cloud-users" },
        bindingPk: "6ac8ccfc-7ca3-4288-a281-b78a1c675e57",
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b + 6,
      },
      {
        application: "Immich",
        slug: "immich",
        target: { kind: "group", name: "cloud-users" },
        bindingPk: "4fdf2887-e94f-4c24-81d2-d8cd4587ef38",
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: b + 7,
      },
    ],
    unbound: [
      { application: "Headplane", slug: "headplane", reason: ADMIN_TOOL, line: u },
      { application: "Headscale VPN", slug: "headscale", reason: ADMIN_TOOL, line: u + 1 },
      { application: "Proxmox VE", slug: "proxmox", reason: ADMIN_TOOL, line: u + 2 },
      { application: "WATCHTOWER", slug: "watchtower", reason: ADMIN_TOOL, line: u + 3 },
    ],
    acceptances: [],
  };
}

describe("baseline/parse-baseline on whole runbooks", () => {
  it("reads the project's example runbook with no problems", () => {
    const markdown = readFileSync(examplePath, "utf8");

    const { baseline, problems } = parseBaseline(markdown, "examples/access-groups.md");

    expect(problems).toEqual([]);
    expect(baseline).toEqual(expectedBaseline("examples/access-groups.md", { groups: 37, bindings: 50, unbound: 63 }));
  });

  it.skipIf(!hasSeed)("reads the user's seed runbook with no problems (skipped: ../shared/seed is absent)", () => {
    const markdown = readFileSync(seedPath, "utf8");

    const { baseline, problems } = parseBaseline(markdown, "access-groups-runbook.md");

    expect(problems).toEqual([]);
    expect(baseline).toEqual(expectedBaseline("access-groups-runbook.md", { groups: 304, bindings: 317, unbound: 330 }));
  });

  it.skipIf(!hasSeed)("holds the same tables in the example as in the seed (skipped: ../shared/seed is absent)", () => {
    const tableLines = (text: string) => text.split("\n").filter((line) => line.startsWith("|"));
    const seed = readFileSync(seedPath, "utf8");
    const example = readFileSync(examplePath, "utf8");

    const seedTables = tableLines(seed);
    const exampleTables = tableLines(example);

    expect(exampleTables).toEqual(seedTables);
    expect(exampleTables).toHaveLength(26);
  });
});
