import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import { dedent } from "./dedent.js";

const ADMINS = "9944e153-f860-4443-81d1-ae544f611806";
const MEDIA = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";
const FAMILY = "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const BINDING = "31515ffc-f937-442f-9813-263e68247687";

const GROUPS = dedent`
  | Group | PK | Members | Parents |
  |---|---|---|---|
  | authentik Admins | \`${ADMINS}\` | akadmin (superuser) | — |
  | media-users | \`${MEDIA}\` | jodie | — |
  | family | \`${FAMILY}\` | kim, lou | media-users |
`;

describe("baseline/parse-baseline: the extended table format", () => {
  it("reads parents, user and policy bindings, states, the engine mode and the acceptance table", () => {
    const markdown = dedent`
      ${GROUPS}

      | Application | Slug | Group | User | Policy | Binding PK | State | Policy engine mode |
      |---|---|---|---|---|---|---|---|
      | Jellyfin | jellyfin | media-users | — | — | \`${BINDING}\` | — | all |
      | Jellyfin | jellyfin | — | riley | — | *(existing)* | disabled | all |
      | Jellyfin | jellyfin | — | — | only-from-vpn | *(existing)* | negated, expires 2027-01-01T00:00:00Z | all |

      | Finding | Reason | Until |
      |---|---|---|
      | \`member-added:media-users/riley\` | helps with the migration | 2027-01-31 |
      | application-open:headplane | open on purpose | — |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups.map((group) => [group.name, group.parents])).toEqual([
      ["authentik Admins", []],
      ["media-users", []],
      ["family", ["media-users"]],
    ]);
    expect(
      baseline?.bindings.map(({ target, bindingPk, enabled, negate, expires, policyEngineMode }) => ({
        target,
        bindingPk,
        enabled,
        negate,
        expires,
        policyEngineMode,
      })),
    ).toEqual([
      {
        target: { kind: "group", name: "media-users" },
        bindingPk: BINDING,
        enabled: true,
        negate: false,
        expires: null,
        policyEngineMode: "all",
      },
      {
        target: { kind: "user", username: "riley" },
        bindingPk: null,
        enabled: false,
        negate: false,
        expires: null,
        policyEngineMode: "all",
      },
      {
        target: { kind: "policy", name: "only-from-vpn" },
        bindingPk: null,
        enabled: true,
        negate: true,
        expires: "2027-01-01T00:00:00Z",
        policyEngineMode: "all",
      },
    ]);
    expect(baseline?.acceptances).toEqual([
      { finding: "member-added:media-users/riley", reason: "helps with the migration", until: "2027-01-31", line: 16 },
      { finding: "application-open:headplane", reason: "open on purpose", until: null, line: 17 },
    ]);
  });

  it("reads hostile names written the way ak-access writes them: escapes and character references", () => {
    const markdown = dedent`
      | Group | PK | Members | Parents |
      |---|---|---|---|
      | a\\|b &#27;\\[2J | \`${MEDIA}\` | x\\,y, &#32;pad, \\(superuser\\) | — |
      | \\- | \`${FAMILY}\` | — | a\\|b &#27;\\[2J |
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([]);
    expect(baseline?.groups.map((group) => [group.name, group.members, group.isSuperuser, group.parents])).toEqual([
      ["a|b \u001b[2J", ["x,y", " pad", "(superuser)"], false, []],
      ["-", [], false, ["a|b \u001b[2J"]],
    ]);
  });

  it.each([
    [
      "a row naming both a group and a user",
      "| Jellyfin | jellyfin | media-users | riley | *(existing)* | — |",
      `the bindings row of app "jellyfin" names more than one of a group ("media-users"), a user ("riley") and a policy ("") (expected exactly one per row; a binding binds one of them)`,
    ],
    [
      "a row naming none",
      "| Jellyfin | jellyfin | — | — | *(existing)* | — |",
      `empty "Group" cell in the bindings table (expected one of "Group", "User" filled in)`,
    ],
    [
      "an unknown state",
      "| Jellyfin | jellyfin | media-users | — | *(existing)* | disabeld |",
      `unknown state "disabeld" (expected a comma-separated list of "disabled", "negated" and "expires <ISO 8601 date-time>") in the "State" cell of app "jellyfin" and group "media-users"`,
    ],
    [
      "an expiry without a time zone",
      "| Jellyfin | jellyfin | media-users | — | *(existing)* | expires 2027-01-01 |",
      `invalid expiry "2027-01-01" (expected an ISO 8601 date-time with a time zone, e.g. 2027-01-01T00:00:00Z) in the "State" cell of app "jellyfin" and group "media-users"`,
    ],
  ])("reports %s, located", (_name, row, message) => {
    const markdown = dedent`
      ${GROUPS}

      | Application | Slug | Group | User | Binding PK | State |
      |---|---|---|---|---|---|
      ${row}
    `;

    const { baseline, problems } = parseBaseline(markdown, "runbook.md");

    expect(baseline).toBeNull();
    expect(problems).toEqual([{ file: "runbook.md", line: 10, message }]);
  });

  it.each([
    [
      "an unknown parent",
      "| kids | `" + FAMILY + "` | kim | medai-users |",
      `unknown parent group "medai-users" of group "kids" (expected a group of the groups table)`,
    ],
    [
      "a group that is its own parent",
      "| kids | `" + FAMILY + "` | kim | kids |",
      `group "kids" lists itself as its parent (expected other groups' names)`,
    ],
  ])("reports %s", (_name, row, message) => {
    const markdown = dedent`
      | Group | PK | Members | Parents |
      |---|---|---|---|
      | media-users | \`${MEDIA}\` | jodie | — |
      ${row}
    `;

    const { problems } = parseBaseline(markdown, "runbook.md");

    expect(problems).toEqual([{ file: "runbook.md", line: 4, message }]);
  });

  it("reports conflicting engine modes and broken acceptance rows, each at its line", () => {
    const markdown = dedent`
      ${GROUPS}

      | Application | Slug | Group | Binding PK | Policy engine mode |
      |---|---|---|---|---|
      | Jellyfin | jellyfin | media-users | — | all |
      | Jellyfin | jellyfin | family | — | any |

      | Finding | Reason | Until |
      |---|---|---|
      | jellyfin is fine | because | — |
      | member-added:media-users/riley | — | soon |
    `;

    const { problems } = parseBaseline(markdown, "runbook.md");

    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      `11: app "jellyfin" has policy engine mode "any" here but "all" at line 10 (expected one mode per app)`,
      '15: invalid finding id "jellyfin is fine" in the acceptance table (expected <kind>:<subject>, as `ak-access check` prints it, e.g. member-added:media-users/riley)',
      `16: empty "Reason" cell for the accepted finding "member-added:media-users/riley" (expected why it is accepted)`,
      `16: invalid "Until" cell "soon" for the accepted finding "member-added:media-users/riley" (expected a date such as 2027-01-31, or an ISO 8601 date-time)`,
    ]);
  });
});
