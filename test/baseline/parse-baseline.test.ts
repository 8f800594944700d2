import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import type { BaselineBinding, BaselineGroup } from "../../src/baseline/index.js";
import { dedent } from "./dedent.js";

const ADMINS_PK = "9944e153-f860-4443-81d1-ae544f611806";
const MEDIA_PK = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";
const BINDING_PK = "31515ffc-f937-442f-9813-263e68247687";

const groupsTable = dedent`
  | Group | PK | Members |
  |---|---|---|
  | media-users | ${MEDIA_PK} | jodie |
`;

/** GFM only sees a table when the delimiter row has as many cells as the header. */
function delimiterRow(header: string): string {
  const cells = header
    .replace(/^\s*\|/, "")
    .replace(/\|\s*$/, "")
    .split("|");
  return `|${cells.map(() => "---").join("|")}|`;
}

describe("baseline/parse-baseline", () => {
  it("accepts a groups table alone, with empty bindings and unbound lists", () => {
    const markdown = dedent`
      # Groups

      | Group | PK | Members |
      |---|---|---|
      | authentik Admins | \`${ADMINS_PK}\` | akadmin (superuser) |
      | media-users | \`${MEDIA_PK}\` | jodie, matt |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline).toEqual({
      file: "runbook.md",
      groups: [
        { name: "authentik Admins", pk: ADMINS_PK, members: ["akadmin"], isSuperuser: true, parents: [], line: 5 },
        { name: "media-users", pk: MEDIA_PK, members: ["jodie", "matt"], isSuperuser: false, parents: [], line: 6 },
      ],
      bindings: [],
      unbound: [],
      acceptances: [],
    });
  });

  it.each([
    ["the usual order", "| Group | PK | Members |", `| media-users | ${MEDIA_PK} | jodie |`],
    ["another order, lower case", "| members | pk | group |", `| jodie | ${MEDIA_PK} | media-users |`],
    ["upper case", "| GROUP | PK | MEMBERS |", `| media-users | ${MEDIA_PK} | jodie |`],
    ["bold and code headers", "| **PK** | `Group` | *Members* |", `| ${MEDIA_PK} | media-users | jodie |`],
    ["padded headers", "|   Group   |  PK | Members    |", `| media-users | ${MEDIA_PK} | jodie |`],
    ["extra columns", "| Notes | Group | Owner | PK | Members | Since |", `| x | media-users | matt | ${MEDIA_PK} | jodie | 2025 |`],
    ["no outer pipes", "Group | PK | Members", `media-users | ${MEDIA_PK} | jodie`],
  ])("finds the groups table by its header cells: %s", (_name, header, row) => {
    const markdown = dedent`
      ${header}
      ${delimiterRow(header)}
      ${row}
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups).toEqual([{ name: "media-users", pk: MEDIA_PK, members: ["jodie"], isSuperuser: false, parents: [], line: 3 }]);
  });

  it.each([
    ["bindings", "| binding pk | GROUP | slug | Application | Notes |", `| ${BINDING_PK} | media-users | jellyfin | Jellyfin | old |`],
    [
      "bindings with bold headers",
      "| **Application** | **Slug** | **Group** | **Binding PK** |",
      `| Jellyfin | jellyfin | media-users | ${BINDING_PK} |`,
    ],
    [
      "bindings with a space-padded two-word header",
      "| Application | Slug | Group |  Binding   PK  |",
      `| Jellyfin | jellyfin | media-users | ${BINDING_PK} |`,
    ],
  ])("finds the bindings table by its header cells: %s", (_name, header, row) => {
    const markdown = dedent`
      ${groupsTable}
      ${header}
      ${delimiterRow(header)}
      ${row}
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.bindings).toEqual([
      {
        application: "Jellyfin",
        slug: "jellyfin",
        target: { kind: "group", name: "media-users" },
        bindingPk: BINDING_PK,
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: 7,
      },
    ]);
  });

  it("ignores prose, other tables and table-like text in code blocks", () => {
    const markdown = dedent`
      Hosts we run:

      | Host | IP | Group |
      |---|---|---|
      | nas | 10.0.0.2 | media-users |

      \`\`\`
      | Group | PK | Members |
      |---|---|---|
      | fake | not-a-uuid | nobody |
      \`\`\`

      ${groupsTable}
      | Application | Slug | Owner |
      |---|---|---|
      | Grafana | grafana | matt |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline).toEqual({
      file: "runbook.md",
      groups: [{ name: "media-users", pk: MEDIA_PK, members: ["jodie"], isSuperuser: false, parents: [], line: 15 }],
      bindings: [],
      unbound: [],
      acceptances: [],
    });
  });

  it("unwraps code spans and emphasis, keeps escaped pipes and trims cells", () => {
    const markdown = dedent`
      ${groupsTable}
      | Application | Slug | Group | Binding PK |
      |---|---|---|---|
      | **Jelly \\| Fin** | \`jellyfin\` | \`media-users\` | \`${BINDING_PK.toUpperCase()}\` |
      | [Jellyseer](https://example.org) |   jellyseer   | *media-users* | *(existing)* |

      | Application | Slug | Reason |
      |---|---|---|
      | Headplane | headplane | admins only \\| see \`a\\|b\` |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.bindings).toEqual([
      {
        application: "Jelly | Fin",
        slug: "jellyfin",
        target: { kind: "group", name: "media-users" },
        bindingPk: BINDING_PK,
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: 7,
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
        line: 8,
      },
    ]);
    expect(baseline?.unbound).toEqual([{ application: "Headplane", slug: "headplane", reason: "admins only | see a|b", line: 12 }]);
  });

  it("merges several tables of one kind in document order and keeps several bindings per slug", () => {
    const markdown = dedent`
      ## Media

      | Group | PK | Members |
      |---|---|---|
      | media-users | ${MEDIA_PK} | jodie |

      | Application | Slug | Group | Binding PK |
      |---|---|---|---|
      | Jellyfin | jellyfin | media-users | ${BINDING_PK} |

      ## Admins

      | Group | PK | Members | Superuser |
      |---|---|---|---|
      | authentik Admins | ${ADMINS_PK} | akadmin | yes |

      | Slug | Application | Group | Binding PK |
      |---|---|---|---|
      | jellyfin | Jellyfin | authentik Admins | — |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups).toEqual([
      { name: "media-users", pk: MEDIA_PK, members: ["jodie"], isSuperuser: false, parents: [], line: 5 },
      { name: "authentik Admins", pk: ADMINS_PK, members: ["akadmin"], isSuperuser: true, parents: [], line: 15 },
    ]);
    expect(baseline?.bindings).toEqual([
      {
        application: "Jellyfin",
        slug: "jellyfin",
        target: { kind: "group", name: "media-users" },
        bindingPk: BINDING_PK,
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: 9,
      },
      {
        application: "Jellyfin",
        slug: "jellyfin",
        target: { kind: "group", name: "authentik Admins" },
        bindingPk: null,
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: 19,
      },
    ]);
  });

  it.each<[string, string, Pick<BaselineGroup, "members" | "isSuperuser">]>([
    ["a list with the superuser mark", "akadmin, matt (superuser)", { members: ["akadmin", "matt"], isSuperuser: true }],
    ["a mark in another case", "matt (Superuser)", { members: ["matt"], isSuperuser: true }],
    ["a mark on an empty group", "(superuser)", { members: [], isSuperuser: true }],
    ["a mark after a dash", "— (superuser)", { members: [], isSuperuser: true }],
    ["one member", "jodie", { members: ["jodie"], isSuperuser: false }],
    ["empty items and odd spacing", " jodie ,, matt ,", { members: ["jodie", "matt"], isSuperuser: false }],
    ["an em dash", "—", { members: [], isSuperuser: false }],
    ["an en dash", "–", { members: [], isSuperuser: false }],
    ["a hyphen", "-", { members: [], isSuperuser: false }],
    ["an empty cell", "", { members: [], isSuperuser: false }],
    ["code spans", "`akadmin`, `matt`", { members: ["akadmin", "matt"], isSuperuser: false }],
  ])("reads a Members cell with %s", (_name, cell, expected) => {
    const markdown = dedent`
      | Group | PK | Members |
      |---|---|---|
      | admins | ${ADMINS_PK} | ${cell} |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups).toEqual([{ name: "admins", pk: ADMINS_PK, parents: [], line: 3, ...expected }]);
  });

  it.each([
    ["yes", "jodie", true],
    ["YES", "jodie", true],
    ["true", "jodie", true],
    ["True", "jodie (superuser)", true],
    ["no", "jodie", false],
    ["false", "jodie", false],
    ["—", "jodie", false],
    ["—", "jodie (superuser)", true],
    ["", "jodie (superuser)", true],
  ])("reads Superuser %j with Members %j as isSuperuser %s", (superuser, members, expected) => {
    const markdown = dedent`
      | Superuser | Group | PK | Members |
      |---|---|---|---|
      | ${superuser} | admins | ${ADMINS_PK} | ${members} |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups).toEqual([{ name: "admins", pk: ADMINS_PK, members: ["jodie"], isSuperuser: expected, parents: [], line: 3 }]);
  });

  it.each<[string, BaselineBinding["bindingPk"]]>([
    [BINDING_PK, BINDING_PK],
    [BINDING_PK.toUpperCase(), BINDING_PK],
    [`\`${BINDING_PK}\``, BINDING_PK],
    ["*(existing)*", null],
    ["(existing)", null],
    ["TBD", null],
    ["added", null],
    ["—", null],
    ["-", null],
    ["", null],
  ])("reads Binding PK %j as %j", (cell, expected) => {
    const markdown = dedent`
      ${groupsTable}
      | Application | Slug | Group | Binding PK |
      |---|---|---|---|
      | Jellyfin | jellyfin | media-users | ${cell} |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.bindings).toEqual([
      {
        application: "Jellyfin",
        slug: "jellyfin",
        target: { kind: "group", name: "media-users" },
        bindingPk: expected,
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: null,
        line: 7,
      },
    ]);
  });

  it("stores a group PK in lower case", () => {
    const markdown = dedent`
      | Group | PK | Members |
      |---|---|---|
      | media-users | \`${MEDIA_PK.toUpperCase()}\` | jodie |
    `;

    const { baseline } = parseBaseline(markdown, "runbook.md");

    expect(baseline?.groups.map((group) => group.pk)).toEqual([MEDIA_PK]);
  });

  it.each([
    ["an em dash", "—", ""],
    ["an empty cell", "", ""],
    ["text with a dash inside", "VPN — admins only", "VPN — admins only"],
  ])("reads a Reason cell with %s", (_name, cell, expected) => {
    const markdown = dedent`
      | Application | Slug | Reason |
      |---|---|---|
      | Headscale VPN | headscale | ${cell} |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.unbound).toEqual([{ application: "Headscale VPN", slug: "headscale", reason: expected, line: 3 }]);
  });

  it("accepts slugs with letters, digits, dashes and underscores", () => {
    const markdown = dedent`
      | Application | Slug | Reason |
      |---|---|---|
      | Proxmox VE | Proxmox_VE-8 | lab |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.unbound.map((app) => app.slug)).toEqual(["Proxmox_VE-8"]);
  });

  it("skips rows whose cells are all blank and reads missing trailing cells as empty", () => {
    const markdown = dedent`
      | Group | PK | Members |
      |---|---|---|
      |  |  |  |
      | media-users | ${MEDIA_PK} |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups).toEqual([{ name: "media-users", pk: MEDIA_PK, members: [], isSuperuser: false, parents: [], line: 4 }]);
  });

  it("reads a table inside a list item", () => {
    const markdown = dedent`
      - Current groups:

        | Group | PK | Members |
        |---|---|---|
        | media-users | ${MEDIA_PK} | jodie |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups).toEqual([{ name: "media-users", pk: MEDIA_PK, members: ["jodie"], isSuperuser: false, parents: [], line: 5 }]);
  });

  it("keeps two rows of one app and group: authentik allows duplicate bindings", () => {
    const markdown = dedent`
      | Group | PK | Members |
      |---|---|---|
      | media-users | ${MEDIA_PK} | jodie |

      | Application | Slug | Group | Binding PK | State |
      |---|---|---|---|---|
      | Jellyfin | jellyfin | media-users | ${BINDING_PK} | — |
      | Jellyfin | jellyfin | media-users | *(existing)* | disabled |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.bindings.map((row) => [row.bindingPk, row.enabled, row.line])).toEqual([
      [BINDING_PK, true, 7],
      [null, false, 8],
    ]);
  });
});
