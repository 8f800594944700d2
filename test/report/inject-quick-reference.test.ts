import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import type { BaselineTableKind } from "../../src/baseline/index.js";
import {
  buildTableRecords,
  createReportRenderer,
  injectQuickReference,
  renderRunbookPatch,
  toQuickReferenceView,
} from "../../src/report/index.js";
import type { QuickReferenceInjection } from "../../src/report/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { editSnapshot, findGroup, SEED_GROUPS, seedSnapshot } from "../fixtures/snapshots.js";

const renderer = createReportRenderer();
const SECTIONS = { matrix: false, notices: false };
const SECTION = renderer.quickReference(toQuickReferenceView(seedSnapshot(), { baseline: null, sections: SECTIONS }));
const LAST_UPDATED = "2026-03-01 — regenerated";

/** A fresh table of the seed, as `report` prints it under its heading. */
function freshTable(heading: string): string {
  const lines = SECTION.split("\n");
  const start = lines.indexOf(heading) + 2;
  const end = lines.indexOf("", start);
  return lines.slice(start, end).join("\n");
}

const FRESH = {
  groups: freshTable("### Groups"),
  bindings: freshTable("### Application Bindings"),
  unbound: freshTable("### Unbound Applications (open to all authenticated users)"),
};

// A runbook's own tables: their own delimiter rows, a stale Members cell, a group that is gone, a
// placeholder pk that agrees with the live one, and a reason of the runbook's own.
const OLD_GROUPS = [
  "| Group | PK | Members |",
  "|---|---|---|",
  "| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie, riley |",
  "| gone-users | `00000000-0000-4000-8000-000000000001` | — |",
];
const OLD_BINDINGS = [
  "| Application | Slug | Group | Binding PK |",
  "|---|---|---|---|",
  "| Jellyfin | jellyfin | media-users | *(existing)* |",
];
const OLD_UNBOUND = ["| Application | Slug | Reason |", "|---|---|---|", "| Headplane | headplane | admin tool |"];

// The same tables updated row by row to the seed: the user's delimiter rows and unchanged rows stay as
// written, a stale cell is rewritten, the gone row disappears, new rows follow.
const NEW_GROUPS = [
  "| Group | PK | Members |",
  "|---|---|---|",
  "| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie |",
  "| authentik Admins | `9944e153-f860-4443-81d1-ae544f611806` | akadmin, matt (superuser) |",
  "| cloud-users | `db3cbf5d-8057-4e33-8e8d-95bfdb35fbac` | — |",
  "| communication-users | `31bce176-cd86-4aea-8db3-a57e03d5c2d1` | — |",
  "| productivity-users | `698d80c7-7c29-43cd-b5d4-9eb24c85a6cc` | — |",
  "| proxmox_admins | `d85a868d-7d1e-4585-92a8-b8bb86771b53` | akadmin, matt |",
  "| proxmox_users | `cf26703a-a824-47dd-9550-30b848a8ce5f` | — |",
  "| security-users | `f345a043-c2a4-4906-a43b-9860eae86ee1` | — |",
].join("\n");
const NEW_BINDINGS = [
  "| Application | Slug | Group | Binding PK |",
  "|---|---|---|---|",
  "| Jellyfin | jellyfin | media-users | *(existing)* |",
  "| Forgejo | forgejo | productivity-users | `49953de3-af0b-4b1b-954d-70684d127445` |",
  "| Immich | immich | cloud-users | `4fdf2887-e94f-4c24-81d2-d8cd4587ef38` |",
  "| Jellyseer | jellyseer | media-users | `e3a1c2d4-5b6f-4a7e-8c9d-0e1f2a3b4c5d` |",
  "| Mailcow | mailcow | communication-users | `5a8f92de-81d5-4cf6-9273-7093de0f568d` |",
  "| Nextcloud | nextcloud | cloud-users | `6ac8ccfc-7ca3-4288-a281-b78a1c675e57` |",
  "| PeerTube | peertube | media-users | `c0f79fd3-9270-49f6-8457-42affc96c50a` |",
  "| Vaultwarden | vaultwarden | security-users | `a39e9d0c-237d-4a62-976e-b6c74ee31629` |",
].join("\n");
const NEW_UNBOUND = [
  "| Application | Slug | Reason |",
  "|---|---|---|",
  "| Headplane | headplane | admin tool |",
  "| Headscale VPN | headscale | — |",
  "| Proxmox VE | proxmox | — |",
  "| WATCHTOWER | watchtower | — |",
].join("\n");

/** What regenerateRunbook gives: the snapshot as table records, and the section rendered around the region's own tables. */
function input(overrides: Partial<QuickReferenceInjection> = {}, snapshot: Snapshot = seedSnapshot()): QuickReferenceInjection {
  return {
    records: buildTableRecords(snapshot, null),
    section: (keep) => renderer.quickReference(toQuickReferenceView(snapshot, { baseline: null, sections: SECTIONS, keep })),
    lastUpdated: LAST_UPDATED,
    ...overrides,
  };
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
  it("updates exactly the three tables and keeps every other byte, line endings included", () => {
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

          const expected = assemble(crlf(NEW_GROUPS), crlf(NEW_BINDINGS), crlf(NEW_UNBOUND), footer[1] ?? "");
          expect(result).toEqual({ ok: true, text: expected, changed: true, usedMarkers: false, updatedLastUpdated: hasLastUpdated });
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ["as report prints them", FRESH.groups, FRESH.bindings, FRESH.unbound],
    ["in the runbook's own format, with a placeholder pk", NEW_GROUPS, NEW_BINDINGS, NEW_UNBOUND],
  ])("changes nothing, the Last updated line included, when the tables are already current (%s)", (_case, groups, bindings, unbound) => {
    const runbook = `# Runbook\n\n${groups}\n\n${bindings}\n\n${unbound}\n\n*Last updated: 2026-02-14 — by hand*\n`;

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
        .replace(OLD_GROUPS.join("\n"), NEW_GROUPS)
        .replace(OLD_BINDINGS.join("\n"), NEW_BINDINGS)
        .replace(OLD_UNBOUND.join("\n"), NEW_UNBOUND),
    );
  });

  it("does not take a table cell that mentions last updated for the Last updated line", () => {
    const unbound = ["| Application | Slug | Reason |", "|---|---|---|", "| Headplane | headplane | last updated by hand |"].join("\n");
    const runbook = `${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n\n${unbound}\n\nLast updated: 2026-02-14\n`;

    const result = injectQuickReference(runbook, input());

    const newUnbound = NEW_UNBOUND.replace("| admin tool |", "| last updated by hand |");
    expect(result.ok && result.text).toBe(`${NEW_GROUPS}\n\n${NEW_BINDINGS}\n\n${newUnbound}\n\nLast updated: ${LAST_UPDATED}\n`);
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

  it("regenerates the region around its own tables, updated row by row", () => {
    const region = `Prose that goes.\n\n${OLD_GROUPS.join("\n")}\n\n${OLD_BINDINGS.join("\n")}\n\n${OLD_UNBOUND.join("\n")}\n`;
    const runbook = `Intro\n\n<!-- ak-access:begin -->\n${region}<!-- ak-access:end -->\n`;

    const result = injectQuickReference(runbook, input());

    const section = SECTION.replace(FRESH.groups, NEW_GROUPS).replace(FRESH.bindings, NEW_BINDINGS).replace(FRESH.unbound, NEW_UNBOUND);
    expect(section).not.toBe(SECTION);
    expect(result).toEqual({
      ok: true,
      text: `Intro\n\n<!-- ak-access:begin -->\n\n${section.trimEnd()}\n\n<!-- ak-access:end -->\n`,
      changed: true,
      usedMarkers: true,
      updatedLastUpdated: false,
    });
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
        "cannot rewrite the quick reference in place: found 2 groups tables (lines 1, 14), so which one to rewrite is ambiguous; or put <!-- ak-access:begin --> and <!-- ak-access:end --> around the section to rewrite",
    });
  });

  it("keeps a byte-order mark and the blockquote prefix of a quoted table", () => {
    const quoted = OLD_GROUPS.map((line) => `> ${line}`).join("\n");
    const runbook = `\uFEFF# Runbook\n\n${quoted}\n\n${OLD_BINDINGS.join("\n")}\n\n${OLD_UNBOUND.join("\n")}\n`;

    const result = injectQuickReference(runbook, input());

    const quotedNew = NEW_GROUPS.split("\n")
      .map((line) => `> ${line}`)
      .join("\n");
    expect(result.ok && result.text).toBe(`\uFEFF# Runbook\n\n${quotedNew}\n\n${NEW_BINDINGS}\n\n${NEW_UNBOUND}\n`);
  });

  it("rewrites the Group cell of an unpinned binding row in place when its group was renamed, keeping the row's other cells", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      findGroup(draft, SEED_GROUPS.media).name = "Media";
    });
    const bindings = [
      "| Application | Slug | Group | Binding PK | Notes |",
      "|---|---|---|---|---|",
      "| Jellyseer | jellyseer | media-users | *(existing)* | requests |",
      "| Jellyfin | jellyfin | media-users | `31515ffc-f937-442f-9813-263e68247687` | media stack |",
    ].join("\n");
    const runbook = `${NEW_GROUPS}\n\n${bindings}\n\n${NEW_UNBOUND}\n`;
    const records = buildTableRecords(snapshot, parseBaseline(runbook, "runbook.md").baseline);

    const result = injectQuickReference(runbook, input({ records }, snapshot));

    const lines = result.ok ? result.text.split("\n") : [];
    const table = lines.slice(lines.indexOf("| Application | Slug | Group | Binding PK | Notes |"));
    expect(table.slice(2, 4)).toEqual([
      "| Jellyseer | jellyseer | Media | *(existing)* | requests |",
      "| Jellyfin | jellyfin | Media | `31515ffc-f937-442f-9813-263e68247687` | media stack |",
    ]);
    expect(table).toContain("| PeerTube | peertube | Media | `c0f79fd3-9270-49f6-8457-42affc96c50a` |  |");
    expect(table.filter((line) => line.includes("jellyseer"))).toHaveLength(1);
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
