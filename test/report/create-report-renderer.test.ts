import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createReportRenderer, toQuickReferenceView } from "../../src/report/index.js";
import type { DiffReportView, QuickReferenceView } from "../../src/report/index.js";
import { makeSnapshot, seedBaseline, seedSnapshot } from "../fixtures/snapshots.js";

const TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));
const temporaryDirs: string[] = [];

/** A copy of the shipped templates that a test may change. */
function copyTemplates(): string {
  const dir = mkdtempSync(join(tmpdir(), "ak-access-templates-"));
  temporaryDirs.push(dir);
  cpSync(TEMPLATES, dir, { recursive: true });
  return dir;
}

afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const EMPTY_VIEW: QuickReferenceView = toQuickReferenceView(makeSnapshot(), {
  baseline: null,
  sections: { matrix: false, notices: false },
});

/** The lines of one `### heading` section of a rendered quick reference, up to the next heading. */
function sectionLines(markdown: string, heading: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = lines.findIndex((line, index) => index > start && line.startsWith("### "));
  return lines.slice(start + 1, next === -1 ? undefined : next);
}

describe("report/create-report-renderer", () => {
  it("renders each table in the runbook's format under its heading, each followed by one blank line", () => {
    const renderer = createReportRenderer();
    const view = toQuickReferenceView(seedSnapshot(), { baseline: seedBaseline(), sections: { matrix: false, notices: false } });

    const markdown = renderer.quickReference(view);

    const groups = sectionLines(markdown, "### Groups");
    const bindings = sectionLines(markdown, "### Application Bindings");
    const unbound = sectionLines(markdown, "### Unbound Applications (open to all authenticated users)");
    expect(groups.slice(0, 4)).toEqual([
      "",
      "| Group | PK | Members |",
      "|-------|----|---------|",
      "| authentik Admins | `9944e153-f860-4443-81d1-ae544f611806` | akadmin, matt (superuser) |",
    ]);
    expect(bindings[2]).toBe("|-------------|------|-------|------------|");
    expect([groups.at(-1), bindings.at(-1)]).toEqual(["", ""]);
    expect(unbound.slice(-2)).toEqual(["| WATCHTOWER | watchtower | Admin tool — superuser access only needed |", ""]);
    expect(markdown.endsWith("|\n")).toBe(true);
  });

  it("prints a table given as text as it is, instead of the header and rows", () => {
    const renderer = createReportRenderer();
    const kept =
      "| Group | Notes | PK | Members |\n|---|---|---|---|\n| media-users | media stack | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie |";
    const view: QuickReferenceView = {
      ...EMPTY_VIEW,
      tables: { ...EMPTY_VIEW.tables, groups: { text: kept, header: ["X"], rules: ["---"], rows: [["y"]] } },
    };

    const markdown = renderer.quickReference(view);

    expect(sectionLines(markdown, "### Groups")).toEqual(["", ...kept.split("\n"), ""]);
  });

  it("renders empty tables as a header and a delimiter row under the runbook's headings", () => {
    const renderer = createReportRenderer();

    const markdown = renderer.quickReference(EMPTY_VIEW);

    expect(markdown).toBe(
      [
        "### Groups",
        "",
        "| Group | PK | Members |",
        "|-------|----|---------|",
        "",
        "### Application Bindings",
        "",
        "| Application | Slug | Group | Binding PK |",
        "|-------------|------|-------|------------|",
        "",
        "### Unbound Applications (open to all authenticated users)",
        "",
        "| Application | Slug | Reason |",
        "|-------------|------|--------|",
        "",
      ].join("\n"),
    );
  });

  it("reads templates from an explicit directory, once, at creation", () => {
    const dir = copyTemplates();
    writeFileSync(join(dir, "quick-reference.md.hbs"), "custom {{tables.groups.rows.length}}\n");
    const renderer = createReportRenderer({ templatesDir: dir });
    writeFileSync(join(dir, "quick-reference.md.hbs"), "changed after creation\n");

    const markdown = renderer.quickReference(EMPTY_VIEW);

    expect(markdown).toBe("custom 0\n");
  });

  it("names the missing templates at creation", () => {
    const dir = copyTemplates();
    unlinkSync(join(dir, "overview.html.hbs"));
    unlinkSync(join(dir, "_notices.md.hbs"));

    const create = () => createReportRenderer({ templatesDir: dir });

    expect(create).toThrow(`templates directory ${dir} lacks overview.html.hbs, _notices.md.hbs`);
  });

  it("reports a template syntax error at creation, with the file", () => {
    const dir = copyTemplates();
    writeFileSync(join(dir, "diff-report.md.hbs"), "{{#each severities}}never closed\n");

    const create = () => createReportRenderer({ templatesDir: dir });

    expect(create).toThrow(`template ${join(dir, "diff-report.md.hbs")} does not parse`);
  });

  it("refuses a view that lacks a field instead of printing nothing (strict mode)", () => {
    const renderer = createReportRenderer();
    const incomplete = {
      inSync: true,
      baselineFile: "runbook.md",
      source: "x",
      takenAt: "t",
      severities: [],
      accessChanges: [],
    } as unknown as DiffReportView;

    const render = () => renderer.diffReport(incomplete);

    expect(render).toThrow(/"critical" not defined/);
  });

  it("leaves Markdown text as the view gives it: escaping for Markdown is the view's job, not HTML escaping", () => {
    const renderer = createReportRenderer();
    const groups = { ...EMPTY_VIEW.tables.groups, rows: [["a \\<b\\> & 'c'", "`pk`", "—"]] };
    const view: QuickReferenceView = { ...EMPTY_VIEW, tables: { ...EMPTY_VIEW.tables, groups } };

    const markdown = renderer.quickReference(view);

    expect(sectionLines(markdown, "### Groups")[3]).toBe("| a \\<b\\> & 'c' | `pk` | — |");
  });
});
