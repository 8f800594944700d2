import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BaselineTableKind } from "../../src/baseline/index.js";
import { createReportRenderer, injectQuickReference, renderRunbookPatch, toQuickReferenceView } from "../../src/report/index.js";
import { seedSnapshot } from "../fixtures/snapshots.js";

const renderer = createReportRenderer();
const view = toQuickReferenceView(seedSnapshot(), { baseline: null, sections: { matrix: false, notices: false } });
const TABLES = renderer.quickReferenceTables(view);
const SECTION = renderer.quickReference(view);
const LAST_UPDATED = "2026-03-01 — regenerated";

const OLD_GROUPS = ["| Group | PK | Members |", "|---|---|---|", "| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie |"];
const OLD_BINDINGS = [
  "| Application | Slug | Group | Binding PK |",
  "|---|---|---|---|",
  "| Jellyfin | jellyfin | media-users | *(existing)* |",
];
const OLD_UNBOUND = ["| Application | Slug | Reason |", "|---|---|---|", "| Headplane | headplane | admin tool |"];

function input(overrides: Partial<{ tables: Record<BaselineTableKind, string>; section: string; lastUpdated: string }> = {}) {
  return { tables: TABLES, section: SECTION, lastUpdated: LAST_UPDATED, ...overrides };
}

/** Prose that is neither a baseline table nor a heading of level 1 or 2, nor mentions "last updated". */
const PROSE_BLOCKS = [
  ["Prose with a | pipe, *emphasis* and `code`."],
  ["- a list item", "- another item"],
  ["```", "| Group | PK | Members |", "|---|---|---|", "```"],
  ["> a quoted line"],
  ["### A sub-heading"],
  ["<!-- a comment, not a marker -->"],
  ["Unicode 日本語 🔐 and trailing spaces   "],
  ["| Host | IP |", "|---|---|", "| nas | 10.0.0.2 |"],
];

const segmentArbitrary = fc.array(fc.constantFrom(...PROSE_BLOCKS), { maxLength: 3 });

describe("report/inject-quick-reference", () => {
  it("replaces exactly the three tables and keeps every other byte, line endings included", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("\n", "\r\n"),
        segmentArbitrary,
        segmentArbitrary,
        segmentArbitrary,
        segmentArbitrary,
        fc.boolean(),
        fc.boolean(),
        (eol, before, middle1, middle2, after, hasLastUpdated, hasOddLine) => {
          const other = eol === "\n" ? "\r\n" : "\n";
          const block = (lines: readonly string[]): string => lines.join(eol) + eol + eol;
          const segment = (blocks: readonly (readonly string[])[]): string => blocks.map(block).join("");
          // One line with the minority line ending, which must survive as written.
          const odd = hasOddLine ? `odd line${other}${eol}` : "";
          const footer = hasLastUpdated
            ? [`---${eol}${eol}*Last updated: 2026-02-14 — by hand*${eol}`, `---${eol}${eol}*Last updated: ${LAST_UPDATED}*${eol}`]
            : ["", ""];
          const assemble = (groups: string, bindings: string, unbound: string, last: string): string =>
            `${odd}${segment(before)}${groups}${eol}${eol}${segment(middle1)}${bindings}${eol}${eol}${segment(middle2)}${unbound}${eol}${eol}${segment(after)}${last}`;
          const runbook = assemble(OLD_GROUPS.join(eol), OLD_BINDINGS.join(eol), OLD_UNBOUND.join(eol), footer[0] ?? "");
          const crlf = (text: string): string => text.replace(/\n/g, eol);

          const result = injectQuickReference(runbook, input());

          const expected = assemble(crlf(TABLES.groups), crlf(TABLES.bindings), crlf(TABLES.unbound), footer[1] ?? "");
          expect(result).toEqual({ ok: true, text: expected, changed: true, usedMarkers: false, updatedLastUpdated: hasLastUpdated });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("changes nothing, the Last updated line included, when the tables are already current", () => {
    const runbook = `# Runbook\n\n${TABLES.groups}\n\n${TABLES.bindings}\n\n${TABLES.unbound}\n\n*Last updated: 2026-02-14 — by hand*\n`;

    const result = injectQuickReference(runbook, input({ lastUpdated: "2099-01-01 — must not appear" }));

    expect(result).toEqual({ ok: true, text: runbook, changed: false, usedMarkers: false, updatedLastUpdated: false });
  });

  it("is idempotent: the second injection of the same tables changes nothing", () => {
    const runbook = `${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n\n${OLD_UNBOUND.join("\n")}\n\n*Last updated: 2026-02-14*\n`;
    const first = injectQuickReference(runbook, input());
    if (!first.ok) throw new Error(first.message);

    const second = injectQuickReference(first.text, input({ lastUpdated: "2026-03-02 — a later run" }));

    expect(first.changed).toBe(true);
    expect(first.text).toContain(`*Last updated: ${LAST_UPDATED}*`);
    expect(second).toEqual({ ok: true, text: first.text, changed: false, usedMarkers: false, updatedLastUpdated: false });
  });

  it.each([
    ["*Last updated: 2026-02-14 — Initial creation*", `*Last updated: ${LAST_UPDATED}*`],
    ["**Last updated:** 2026-02-14", `**Last updated:** ${LAST_UPDATED}`],
    ["_Last Updated 2026-02-14_", `_Last Updated ${LAST_UPDATED}_`],
    ["Last updated: 2026-02-14", `Last updated: ${LAST_UPDATED}`],
  ])("rewrites %j as %j, keeping its emphasis", (line, rewritten) => {
    const runbook = `${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n\n${OLD_UNBOUND.join("\n")}\n\n${line}\n`;

    const result = injectQuickReference(runbook, input());

    expect(result.ok && result.text.split("\n").at(-2)).toBe(rewritten);
  });

  it("escapes Markdown in the Last updated text", () => {
    const runbook = `${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n\n${OLD_UNBOUND.join("\n")}\n\n*Last updated: old*\n`;

    const result = injectQuickReference(runbook, input({ lastUpdated: "2026-03-01 by *bot* <ak>" }));

    expect(result.ok && result.text.endsWith("*Last updated: 2026-03-01 by \\*bot\\* \\<ak\\>*\n")).toBe(true);
  });

  it("leaves a Last updated line before the first table or in the next ## section alone", () => {
    const runbook = [
      "## Quick Reference",
      "",
      "*Last updated: before the tables*",
      "",
      OLD_GROUPS.join("\n"),
      "",
      OLD_BINDINGS.join("\n"),
      "",
      OLD_UNBOUND.join("\n"),
      "",
      "## Changelog",
      "",
      "*Last updated: another section*",
      "",
    ].join("\n");

    const result = injectQuickReference(runbook, input());

    expect(result.ok && result.updatedLastUpdated).toBe(false);
    expect(result.ok && result.text).toBe(
      runbook
        .replace(OLD_GROUPS.join("\n"), TABLES.groups)
        .replace(OLD_BINDINGS.join("\n"), TABLES.bindings)
        .replace(OLD_UNBOUND.join("\n"), TABLES.unbound),
    );
  });

  it("does not take a table cell that mentions last updated for the Last updated line", () => {
    const unbound = ["| Application | Slug | Reason |", "|---|---|---|", "| Headplane | headplane | last updated by hand |"].join("\n");
    const runbook = `${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n\n${unbound}\n\nLast updated: 2026-02-14\n`;

    const result = injectQuickReference(runbook, input());

    expect(result.ok && result.text).toBe(`${TABLES.groups}\n\n${TABLES.bindings}\n\n${TABLES.unbound}\n\nLast updated: ${LAST_UPDATED}\n`);
  });

  it("replaces the whole region between the markers with the section and keeps the rest", () => {
    const before =
      "# Runbook\r\n\r\nIntro mentioning `<!-- ak-access:begin -->` inline.\r\n\r\n## Quick Reference\r\n\r\n<!-- ak-access:begin -->\r\n";
    const after = "<!-- ak-access:end -->\r\n\r\n---\r\n\r\n*Last updated: 2026-02-14*\r\n\r\n## Next\r\n";
    const runbook = `${before}old content\r\n| not | replaced by table |\r\n${after}`;

    const result = injectQuickReference(runbook, input());

    const section = SECTION.trimEnd().replace(/\n/g, "\r\n");
    const expected = `${before}\r\n${section}\r\n\r\n${after.replace("*Last updated: 2026-02-14*", `*Last updated: ${LAST_UPDATED}*`)}`;
    expect(result).toEqual({ ok: true, text: expected, changed: true, usedMarkers: true, updatedLastUpdated: true });
  });

  it("changes nothing between markers that already hold the section", () => {
    const runbook = `Intro\n\n<!-- ak-access:begin -->\n\n${SECTION.trimEnd()}\n\n<!-- ak-access:end -->\n\n*Last updated: 2026-02-14*\n`;

    const result = injectQuickReference(runbook, input());

    expect(result).toEqual({ ok: true, text: runbook, changed: false, usedMarkers: true, updatedLastUpdated: false });
  });

  it.each([
    ["<!-- ak-access:begin -->\ntext\n", "found 1 begin and 0 end markers (lines 1)"],
    [
      "<!-- ak-access:end -->\ntext\n<!-- ak-access:begin -->\n",
      "found 1 begin and 1 end marker with the end before the begin (lines 1, 3)",
    ],
    ["<!-- ak-access:begin -->\n<!-- ak-access:begin -->\n<!-- ak-access:end -->\n", "found 2 begin and 1 end marker (lines 1, 2, 3)"],
  ])("refuses markers that do not delimit one region: %j", (runbook, detail) => {
    const result = injectQuickReference(runbook, input());

    expect(result).toEqual({
      ok: false,
      missing: [],
      message: `expected one <!-- ak-access:begin --> line followed by one <!-- ak-access:end --> line, ${detail}`,
    });
  });

  it.each<[string, string, BaselineTableKind[]]>([
    ["no tables at all", "# Runbook\n\nJust prose.\n", ["groups", "bindings", "unbound"]],
    ["only the groups table", `${OLD_GROUPS.join("\n")}\n`, ["bindings", "unbound"]],
    ["no unbound table", `${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n`, ["unbound"]],
  ])("names the missing tables when the runbook has %s", (_case, runbook, missing) => {
    const result = injectQuickReference(runbook, input());

    expect(result.ok).toBe(false);
    expect(!result.ok && result.missing).toEqual(missing);
    for (const kind of missing) expect(!result.ok && result.message).toContain(`no ${kind} table (`);
  });

  it("says which tables are missing in words", () => {
    const result = injectQuickReference(`${OLD_GROUPS.join("\n")}\n`, input());

    expect(!result.ok && result.message).toBe(
      "cannot rewrite the quick reference in place: no bindings table (Application, Slug, Group, Binding PK), no unbound table (Application, Slug, Reason) found; add them to the runbook, or put <!-- ak-access:begin --> and <!-- ak-access:end --> around the section to rewrite",
    );
  });

  it("refuses to guess between two tables of one kind", () => {
    const runbook = `${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n\n${OLD_UNBOUND.join("\n")}\n\n${OLD_GROUPS.join("\n")}\n`;

    const result = injectQuickReference(runbook, input());

    expect(result).toEqual({
      ok: false,
      missing: [],
      message:
        "cannot rewrite the quick reference in place: found 2 groups tables (lines 1, 13), so which one to rewrite is ambiguous; or put <!-- ak-access:begin --> and <!-- ak-access:end --> around the section to rewrite",
    });
  });

  it("keeps a byte-order mark and the blockquote prefix of a quoted table", () => {
    const quoted = OLD_GROUPS.map((line) => `> ${line}`).join("\n");
    const runbook = `\uFEFF# Runbook\n\n${quoted}\n\n${OLD_BINDINGS.join("\n")}\n\n${OLD_UNBOUND.join("\n")}\n`;

    const result = injectQuickReference(runbook, input());

    const quotedNew = TABLES.groups
      .split("\n")
      .map((line) => `> ${line}`)
      .join("\n");
    expect(result.ok && result.text).toBe(`\uFEFF# Runbook\n\n${quotedNew}\n\n${TABLES.bindings}\n\n${TABLES.unbound}\n`);
  });
});

describe("report/render-runbook-patch", () => {
  it("shows the change as a unified diff", () => {
    const before = "a\nb\nc\n";
    const after = "a\nB\nc\n";

    const patch = renderRunbookPatch("runbook.md", before, after);

    expect(patch).toBe(
      "===================================================================\n--- a/runbook.md\n+++ b/runbook.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n",
    );
  });

  it("is empty when nothing changes", () => {
    const patch = renderRunbookPatch("runbook.md", "same\n", "same\n");

    expect(patch).toBe("");
  });
});
