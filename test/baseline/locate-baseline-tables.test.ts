import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateBaselineTables } from "../../src/baseline/index.js";
import type { BaselineTableKind } from "../../src/baseline/index.js";
import { dedent } from "./dedent.js";

const MEDIA_PK = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";

const groups = dedent`
  | Group | PK | Members |
  |-------|----|---------|
  | media-users | \`${MEDIA_PK}\` | jodie |
`.trimEnd();
const bindings = dedent`
  | Application | Slug | Group | Binding PK |
  |---|---|---|---|
  | Jellyfin | jellyfin | media-users | *(existing)* |
  | Immich 🖼 | immich | media-users | — |
`.trimEnd();
const unbound = dedent`
  | Application | Slug | Reason |
  |---|---|---|
  | Headplane | headplane | admin tool \\| VPN |
`.trimEnd();

// Emoji before and inside the tables: offsets are UTF-16 indexes, two per emoji.
const runbook = [
  "# Access 🔐",
  "",
  "Prose with a | pipe.",
  "",
  groups,
  "",
  "| Host | IP |",
  "|---|---|",
  "| nas | 10.0.0.2 |",
  "",
  bindings,
  "",
  "Between the tables.",
  "",
  unbound,
  "",
  "*Last updated: today*",
  "",
].join("\n");

describe("baseline/locate-baseline-tables", () => {
  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
  ])("slices exactly each recognised table, in document order, with %s line endings", (_name, eol) => {
    const markdown = runbook.replaceAll("\n", eol);

    const locations = locateBaselineTables(markdown);

    expect(locations.map(({ kind, startLine, endLine }) => ({ kind, startLine, endLine }))).toEqual([
      { kind: "groups", startLine: 5, endLine: 7 },
      { kind: "bindings", startLine: 13, endLine: 16 },
      { kind: "unbound", startLine: 20, endLine: 22 },
    ]);
    expect(locations.map((location) => markdown.slice(location.startOffset, location.endOffset))).toEqual([
      groups.replaceAll("\n", eol),
      bindings.replaceAll("\n", eol),
      unbound.replaceAll("\n", eol),
    ]);
  });

  it("gives the offsets of the example table as UTF-16 indexes", () => {
    const markdown = `🔐\n\n${groups}\n`;

    const locations = locateBaselineTables(markdown);

    expect(locations).toEqual([{ kind: "groups", startLine: 3, endLine: 5, startOffset: 4, endOffset: 4 + groups.length }]);
  });

  it("covers a last table that ends the file without a line break, trailing spaces included", () => {
    const table = `${unbound}   `;
    const markdown = `Intro\n\n${table}`;

    const locations = locateBaselineTables(markdown);

    expect(locations).toEqual([{ kind: "unbound", startLine: 3, endLine: 5, startOffset: 7, endOffset: markdown.length }]);
  });

  it("leaves out unrelated tables, look-alike tables and tables in code blocks", () => {
    const markdown = dedent`
      | Application | Reason |
      |---|---|
      | Grafana | dashboards |

      \`\`\`
      ${groups}
      \`\`\`

      | Host | IP |
      |---|---|
      | nas | 10.0.0.2 |
    `;

    const locations = locateBaselineTables(markdown);

    expect(locations).toEqual([]);
  });

  it("locates any arrangement of tables and prose exactly", () => {
    const cell = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
    const tableOf = (kind: BaselineTableKind, header: string, columns: number) =>
      fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 4 }).map((rows) => ({
        kind,
        text: [header, `|${"---|".repeat(columns)}`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n"),
      }));
    const block = fc.oneof(
      tableOf("groups", "| Group | PK | Members |", 3),
      tableOf("bindings", "| Slug | Binding PK | Application | Group |", 4),
      tableOf("unbound", "| Application | Slug | Reason | Notes |", 4),
      fc.stringMatching(/^[A-Za-z][a-z ]{0,30}$/).map((text) => ({ kind: null, text })),
    );

    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), fc.constantFrom("\n", "\r\n"), (blocks, eol) => {
        const texts = blocks.map((b) => b.text.replaceAll("\n", eol));
        const markdown = `${texts.join(eol + eol)}${eol}`;

        const locations = locateBaselineTables(markdown);

        const expected = blocks.flatMap((b, index) => (b.kind === null ? [] : [{ kind: b.kind, text: texts[index] }]));
        expect(locations.map((l) => ({ kind: l.kind, text: markdown.slice(l.startOffset, l.endOffset) }))).toEqual(expected);
      }),
    );
  });
});
