import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createReportRenderer, toQuickReferenceView } from "../../src/report/index.js";
import type { DiffReportView, QuickReferenceView } from "../../src/report/index.js";
import { seedBaseline, seedSnapshot } from "../fixtures/snapshots.js";

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

const EMPTY_VIEW: QuickReferenceView = { groups: [], bindings: [], unbound: [], matrix: null, notices: null };

describe("report/create-report-renderer", () => {
  it("renders each table alone in the runbook's format, without a trailing line break", () => {
    const renderer = createReportRenderer();
    const view = toQuickReferenceView(seedSnapshot(), { baseline: seedBaseline(), sections: { matrix: false, notices: false } });

    const tables = renderer.quickReferenceTables(view);

    expect(tables.groups.split("\n").slice(0, 3)).toEqual([
      "| Group | PK | Members |",
      "|-------|----|---------|",
      "| authentik Admins | `9944e153-f860-4443-81d1-ae544f611806` | akadmin, matt (superuser) |",
    ]);
    expect(tables.bindings.split("\n")[1]).toBe("|-------------|------|-------|------------|");
    expect(tables.unbound.split("\n").at(-1)).toBe("| WATCHTOWER | watchtower | Admin tool — superuser access only needed |");
    expect([tables.groups, tables.bindings, tables.unbound].map((table) => table.endsWith("\n"))).toEqual([false, false, false]);
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
    writeFileSync(join(dir, "quick-reference.md.hbs"), "custom {{groups.length}}\n");
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
    const view: QuickReferenceView = { ...EMPTY_VIEW, groups: [{ name: "a \\<b\\> & 'c'", pk: "`pk`", members: "—" }] };

    const table = renderer.quickReferenceTables(view).groups;

    expect(table.split("\n")[2]).toBe("| a \\<b\\> & 'c' | `pk` | — |");
  });
});
