import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import { dedent } from "./dedent.js";

const ADMINS_PK = "9944e153-f860-4443-81d1-ae544f611806";
const MEDIA_PK = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";
const CLOUD_PK = "db3cbf5d-8057-4e33-8e8d-95bfdb35fbac";
const BINDING_PK = "31515ffc-f937-442f-9813-263e68247687";
const OTHER_BINDING_PK = "c0f79fd3-9270-49f6-8457-42affc96c50a";
const UUID_EXPECTATION = "expected a UUID: 32 hex digits grouped 8-4-4-4-12";

// Lines 1-5; tables appended after it start at line 7.
const groupsTable = dedent`
  | Group | PK | Members |
  |---|---|---|
  | media-users | ${MEDIA_PK} | jodie |
  | cloud-users | ${CLOUD_PK} | — |
  | authentik Admins | ${ADMINS_PK} | akadmin (superuser) |
`;

/** A runbook with the groups table above and one bindings row at line 9. */
function withBindingRow(row: string): string {
  return dedent`
    ${groupsTable}
    | Application | Slug | Group | Binding PK |
    |---|---|---|---|
    ${row}
  `;
}

/** A runbook with one groups row at line 3. */
function withGroupRow(header: string, row: string): string {
  return dedent`
    ${header}
    |${header
      .split("|")
      .slice(2)
      .map(() => "---|")
      .join("")}
    ${row}
  `;
}

describe("baseline/parse-baseline problems", () => {
  it.each<[string, string, [number, string][]]>([
    [
      "a binding to an unknown group",
      withBindingRow(`| Jellyfin | jellyfin | media-user | ${BINDING_PK} |`),
      [[9, `unknown group "media-user" in the bindings table (known: authentik Admins, cloud-users, media-users)`]],
    ],
    [
      "a binding to a group that differs only in case",
      withBindingRow(`| Jellyfin | jellyfin | Media-Users | ${BINDING_PK} |`),
      [[9, `unknown group "Media-Users" in the bindings table (known: authentik Admins, cloud-users, media-users)`]],
    ],
    [
      "a bindings table without a groups table",
      dedent`
        | Application | Slug | Group | Binding PK |
        |---|---|---|---|
        | Jellyfin | jellyfin | media-users | ${BINDING_PK} |
      `,
      [[3, `unknown group "media-users" in the bindings table (no groups table found; expected one with columns Group, PK, Members)`]],
    ],
    [
      "a malformed Binding PK",
      withBindingRow("| Jellyfin | jellyfin | media-users | `31515ffc-f937` |"),
      [
        [
          9,
          `malformed UUID "31515ffc-f937" in the "Binding PK" cell of app "jellyfin" and group "media-users" (${UUID_EXPECTATION}, or a placeholder such as "(existing)" when the pk is not pinned)`,
        ],
      ],
    ],
    [
      "a Binding PK one digit too long",
      withBindingRow(`| Jellyfin | jellyfin | media-users | ${BINDING_PK}7 |`),
      [
        [
          9,
          `malformed UUID "${BINDING_PK}7" in the "Binding PK" cell of app "jellyfin" and group "media-users" (${UUID_EXPECTATION}, or a placeholder such as "(existing)" when the pk is not pinned)`,
        ],
      ],
    ],
    [
      "a Binding PK of eight hex digits",
      withBindingRow("| Jellyfin | jellyfin | media-users | deadbeef |"),
      [
        [
          9,
          `malformed UUID "deadbeef" in the "Binding PK" cell of app "jellyfin" and group "media-users" (${UUID_EXPECTATION}, or a placeholder such as "(existing)" when the pk is not pinned)`,
        ],
      ],
    ],
    [
      "a Binding PK with words around a UUID",
      withBindingRow(`| Jellyfin | jellyfin | media-users | \`${BINDING_PK}\` (old) |`),
      [
        [
          9,
          `malformed UUID "${BINDING_PK} (old)" in the "Binding PK" cell of app "jellyfin" and group "media-users" (${UUID_EXPECTATION}, or a placeholder such as "(existing)" when the pk is not pinned)`,
        ],
      ],
    ],
    [
      "an invalid slug",
      withBindingRow(`| Jellyfin | jelly fin | media-users | ${BINDING_PK} |`),
      [[9, `invalid slug "jelly fin" in the bindings table (expected only letters, digits, "-" and "_")`]],
    ],
    [
      "an empty Application cell",
      withBindingRow(`|  | jellyfin | media-users | ${BINDING_PK} |`),
      [[9, `empty "Application" cell in the bindings table (expected the app's name)`]],
    ],
    [
      "a dash in the Slug cell",
      withBindingRow(`| Jellyfin | — | media-users | ${BINDING_PK} |`),
      [[9, `empty "Slug" cell in the bindings table (expected the app's slug)`]],
    ],
    [
      "an empty Group cell in the bindings table",
      withBindingRow(`| Jellyfin | jellyfin | - | ${BINDING_PK} |`),
      [[9, `empty "Group" cell in the bindings table (expected a group name from the groups table)`]],
    ],
  ])("reports %s", (_name, markdown, expected) => {
    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(baseline).toBeNull();
    expect(problems).toEqual(expected.map(([line, message]) => ({ file: "runbook.md", line, message })));
  });

  it.each<[string, string, string, [number, string][]]>([
    [
      "a malformed group PK",
      "| Group | PK | Members |",
      "| media-users | `0820b2b8-6c54-4c20-9a0a` | jodie |",
      [[3, `malformed UUID "0820b2b8-6c54-4c20-9a0a" in the "PK" cell of group "media-users" (${UUID_EXPECTATION})`]],
    ],
    [
      "a group PK with a non-hex digit",
      "| Group | PK | Members |",
      "| media-users | 0820b2b8-6c54-4c20-9a0a-872820e6d9eg | jodie |",
      [[3, `"PK" cell "0820b2b8-6c54-4c20-9a0a-872820e6d9eg" of group "media-users" is not a UUID (${UUID_EXPECTATION})`]],
    ],
    [
      "a placeholder as a group PK",
      "| Group | PK | Members |",
      "| media-users | *(existing)* | jodie |",
      [[3, `"PK" cell "(existing)" of group "media-users" is not a UUID (${UUID_EXPECTATION})`]],
    ],
    [
      "an empty group PK",
      "| Group | PK | Members |",
      "| media-users | — | jodie |",
      [[3, `empty "PK" cell for group "media-users" in the groups table (${UUID_EXPECTATION})`]],
    ],
    [
      "an empty group name",
      "| Group | PK | Members |",
      `|  | ${MEDIA_PK} | jodie |`,
      [[3, `empty "Group" cell in the groups table (expected the group's name)`]],
    ],
    [
      "an invalid Superuser value",
      "| Group | PK | Members | Superuser |",
      `| media-users | ${MEDIA_PK} | jodie | maybe |`,
      [[3, `invalid "Superuser" cell "maybe" for group "media-users" (expected yes, no, true or false)`]],
    ],
    [
      "a Superuser column that contradicts the (superuser) mark",
      "| Group | PK | Members | Superuser |",
      `| authentik Admins | ${ADMINS_PK} | akadmin (superuser) | No |`,
      [
        [
          3,
          `group "authentik Admins" is marked "(superuser)" in its "Members" cell but its "Superuser" cell says "No" (expected the two to agree)`,
        ],
      ],
    ],
    [
      "a (superuser) mark before the end of the cell",
      "| Group | PK | Members |",
      `| authentik Admins | ${ADMINS_PK} | matt (superuser), akadmin |`,
      [
        [
          3,
          `unexpected member "matt (superuser)" in group "authentik Admins" (expected comma-separated usernames, with "(superuser)" only at the end of the cell; write a parenthesis in a username as "\\(")`,
        ],
      ],
    ],
    [
      "a member listed twice",
      "| Group | PK | Members |",
      `| media-users | ${MEDIA_PK} | jodie, matt, jodie |`,
      [[3, `member "jodie" is listed twice in group "media-users" (expected each username once)`]],
    ],
  ])("reports %s", (_name, header, row, expected) => {
    const markdown = withGroupRow(header, row);

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(baseline).toBeNull();
    expect(problems).toEqual(expected.map(([line, message]) => ({ file: "runbook.md", line, message })));
  });

  it.each<[string, string, [number, string][]]>([
    [
      "a duplicate group name",
      dedent`
        | Group | PK | Members |
        |---|---|---|
        | media-users | ${MEDIA_PK} | jodie |
        | media-users | ${CLOUD_PK} | matt |
      `,
      [[4, `duplicate group "media-users" in the groups table (first at line 3)`]],
    ],
    [
      "a duplicate group PK, compared in lower case",
      dedent`
        | Group | PK | Members |
        |---|---|---|
        | media-users | ${MEDIA_PK} | jodie |

        | Group | PK | Members |
        |---|---|---|
        | cloud-users | ${MEDIA_PK.toUpperCase()} | matt |
      `,
      [
        [
          7,
          `duplicate group PK "${MEDIA_PK}" for group "cloud-users" (already the PK of group "media-users" at line 3; expected one PK per group)`,
        ],
      ],
    ],
    [
      "one Binding PK on two rows",
      dedent`
        ${groupsTable}
        | Application | Slug | Group | Binding PK |
        |---|---|---|---|
        | Jellyfin | jellyfin | media-users | ${BINDING_PK} |
        | Immich | immich | cloud-users | ${BINDING_PK.toUpperCase()} |
      `,
      [[10, `duplicate Binding PK "${BINDING_PK}" (already used at line 9; expected one row per binding)`]],
    ],
    [
      "one slug under two Application names",
      dedent`
        ${groupsTable}
        | Application | Slug | Group | Binding PK |
        |---|---|---|---|
        | Jellyfin | jellyfin | media-users | ${BINDING_PK} |
        | Jellyfin Media | jellyfin | cloud-users | ${OTHER_BINDING_PK} |
      `,
      [[10, `app "jellyfin" is named "Jellyfin Media" here but "Jellyfin" at line 9 (expected one Application name per slug)`]],
    ],
    [
      "an app in both the bindings and the unbound table",
      dedent`
        ${groupsTable}
        | Application | Slug | Group | Binding PK |
        |---|---|---|---|
        | Jellyfin | jellyfin | media-users | ${BINDING_PK} |

        | Application | Slug | Reason |
        |---|---|---|
        | Jellyfin | jellyfin | public |
      `,
      [[13, `app "jellyfin" is in the unbound table and also in the bindings table at line 9 (expected an app in only one of them)`]],
    ],
    [
      "an app in the unbound table and in two binding rows",
      dedent`
        ${groupsTable}
        | Application | Slug | Group | Binding PK |
        |---|---|---|---|
        | Jellyfin | jellyfin | media-users | ${BINDING_PK} |
        | Jellyfin | jellyfin | cloud-users | ${OTHER_BINDING_PK} |

        | Application | Slug | Reason |
        |---|---|---|
        | Jellyfin | jellyfin | public |
      `,
      [[14, `app "jellyfin" is in the unbound table and also in the bindings table at lines 9, 10 (expected an app in only one of them)`]],
    ],
    [
      "a duplicate unbound app",
      dedent`
        | Application | Slug | Reason |
        |---|---|---|
        | Headplane | headplane | admin tool |
        | Headplane | headplane | again |
      `,
      [[4, `duplicate app "headplane" in the unbound table (first at line 3)`]],
    ],
    [
      "an empty Application cell and an invalid slug in the unbound table",
      dedent`
        | Application | Slug | Reason |
        |---|---|---|
        | — | head.plane | admin tool |
      `,
      [
        [3, `empty "Application" cell in the unbound table (expected the app's name)`],
        [3, `invalid slug "head.plane" in the unbound table (expected only letters, digits, "-" and "_")`],
      ],
    ],
  ])("reports %s", (_name, markdown, expected) => {
    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(baseline).toBeNull();
    expect(problems).toEqual(expected.map(([line, message]) => ({ file: "runbook.md", line, message })));
  });

  it.each<[string, string, string]>([
    [
      "a bindings table whose Binding PK header is misspelt",
      "| Application | Slug | Group | Binding |",
      `the table at line 1 looks like the bindings table but has no "Binding PK" column (the bindings table needs Application, Slug, Group, Binding PK)`,
    ],
    [
      "a bindings table without Group and Slug",
      "| Application | Binding PK | Notes |",
      `the table at line 1 looks like the bindings table but has no "Slug" or "Group" column (the bindings table needs Application, Slug, Group, Binding PK)`,
    ],
    [
      "a groups table without PK",
      "| Group | Members |",
      `the table at line 1 looks like the groups table but has no "PK" column (the groups table needs Group, PK, Members)`,
    ],
    [
      "a groups table with a misnamed Group column",
      "| Name | PK | Members |",
      `the table at line 1 looks like the groups table but has no "Group" column (the groups table needs Group, PK, Members)`,
    ],
    [
      "an unbound table without Slug",
      "| Application | Reason |",
      `the table at line 1 looks like the unbound table but has no "Slug" column (the unbound table needs Application, Slug, Reason)`,
    ],
    [
      "a table with the columns of two kinds",
      "| Application | Slug | Group | Binding PK | Reason |",
      `the table at line 1 has the columns of both the bindings table and the unbound table (expected the columns of one kind only; rename or remove a column)`,
    ],
    [
      "a groups table with two PK columns",
      "| Group | PK | Members | pk |",
      `the groups table at line 1 has more than one "PK" column (expected each column once)`,
    ],
  ])("reports %s at its header line", (_name, header, message) => {
    const cells = header.split("|").length - 2;
    const markdown = dedent`
      ${header}
      |${"---|".repeat(cells)}
      |${" x |".repeat(cells)}
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(baseline).toBeNull();
    expect(problems).toEqual([{ file: "runbook.md", line: 1, message }]);
  });

  it.each([
    ["an empty document", ""],
    ["prose only", "# Access\n\nWe keep access in authentik.\n"],
    ["only unrelated tables", "| Host | IP |\n|---|---|\n| nas | 10.0.0.2 |\n"],
    ["a table-like text in a code block", "```\n| Group | PK | Members |\n|---|---|---|\n```\n"],
  ])("reports a runbook with no baseline tables at line 1: %s", (_name, markdown) => {
    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(baseline).toBeNull();
    expect(problems).toEqual([
      {
        file: "runbook.md",
        line: 1,
        message:
          "no baseline tables found: looked for a groups table (columns Group, PK, Members), a bindings table (columns Application, Slug, Group, Binding PK), an unbound table (columns Application, Slug, Reason); header cells match in any order and case",
      },
    ]);
  });

  it("reports every problem at once, sorted by line", () => {
    const markdown = dedent`
      | Application | Slug | Group | Binding PK |
      |---|---|---|---|
      | Jellyfin | jellyfin | media-user | 31515ffc |
      | Vaultwarden | vault warden | security-users | ${BINDING_PK} |

      | Group | PK | Members |
      |---|---|---|
      | media-users | not-a-pk | jodie |
      | media-users | ${MEDIA_PK} | matt |

      | Application | Slug | Reason |
      |---|---|---|
      | Jellyfin | jellyfin | public |

      | Application | Reason |
      |---|---|
      | Grafana | dashboards |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(baseline).toBeNull();
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      `3: malformed UUID "31515ffc" in the "Binding PK" cell of app "jellyfin" and group "media-user" (${UUID_EXPECTATION}, or a placeholder such as "(existing)" when the pk is not pinned)`,
      `3: unknown group "media-user" in the bindings table (known: media-users)`,
      `4: invalid slug "vault warden" in the bindings table (expected only letters, digits, "-" and "_")`,
      `4: unknown group "security-users" in the bindings table (known: media-users)`,
      `8: "PK" cell "not-a-pk" of group "media-users" is not a UUID (${UUID_EXPECTATION})`,
      `9: duplicate group "media-users" in the groups table (first at line 8)`,
      `13: app "jellyfin" is in the unbound table and also in the bindings table at line 3 (expected an app in only one of them)`,
      `15: the table at line 15 looks like the unbound table but has no "Slug" column (the unbound table needs Application, Slug, Reason)`,
    ]);
  });
});
