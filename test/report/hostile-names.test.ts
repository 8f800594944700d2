import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { createAccessEvaluator } from "../../src/access/index.js";
import type { AuditResult } from "../../src/audit/index.js";
import { parseBaseline } from "../../src/baseline/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import {
  createPaint,
  createReportRenderer,
  renderCheckText,
  toDiffReportView,
  toOverviewView,
  toQuickReferenceView,
} from "../../src/report/index.js";
import { application, editSnapshot, group, groupBinding, seedBaseline, seedSnapshot, user } from "../fixtures/snapshots.js";
import { okStatus } from "./drifted-audit.js";

const HOSTILE = "a|b <script>alert(1)</script> *x* `y`";
// A username cannot hold "," or "(" (the Members cell's syntax), so its attack uses neither.
const HOSTILE_USER = "<img src=x onerror=alert`1`>_*";
const HOSTILE_PK = "6b1c3f1e-0000-4000-8000-00000000beef";

const renderer = createReportRenderer();

/** The seed authentik plus a group, a member and an app with hostile names, the app bound to the group. */
function hostileSnapshot() {
  return editSnapshot(seedSnapshot(), (draft) => {
    draft.users.push(user(9, HOSTILE_USER));
    draft.groups.push(group(HOSTILE_PK, HOSTILE, [9]));
    draft.groups.find((row) => row.name === "media-users")?.members.push(9);
    draft.applications.push(application("evil", { name: HOSTILE }));
    draft.bindings.push(groupBinding("evil", HOSTILE_PK, { pk: "6b1c3f1e-0000-4000-8000-00000000b1d0" }));
  });
}

const markdownIt = new MarkdownIt("commonmark").enable(["table", "strikethrough"]);

/**
 * Every GFM table in the document as rows of cell texts (what a reader sees, markup left out), header
 * row first: read by markdown-it, a parser independent of the project's own table reader.
 */
function tablesOf(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let rows: string[][] | null = null;
  for (const token of markdownIt.parse(markdown, {})) {
    if (token.type === "table_open") {
      rows = [];
      tables.push(rows);
    } else if (token.type === "table_close") {
      rows = null;
    } else if (token.type === "tr_open") {
      rows?.push([]);
    } else if (token.type === "inline" && rows !== null) {
      const text = (token.children ?? [])
        .map((child) =>
          ["text", "code_inline", "html_inline"].includes(child.type) ? child.content : child.type === "softbreak" ? "\n" : "",
        )
        .join("");
      rows[rows.length - 1]?.push(text);
    }
  }
  return tables;
}

describe("report: hostile names in Markdown", () => {
  it("keeps every quick-reference cell whole and reads the names back unchanged", () => {
    const snapshot = hostileSnapshot();

    const markdown = renderer.quickReference(toQuickReferenceView(snapshot, { baseline: null, sections: { matrix: true, notices: true } }));

    const { baseline, problems } = parseBaseline(markdown, "hostile.md");
    expect(problems).toEqual([]);
    expect(baseline?.groups.find((row) => row.pk === HOSTILE_PK)).toMatchObject({ name: HOSTILE, members: [HOSTILE_USER] });
    expect(baseline?.bindings.find((row) => row.slug === "evil")).toMatchObject({
      application: HOSTILE,
      target: { kind: "group", name: HOSTILE },
    });
    for (const table of tablesOf(markdown)) {
      const width = table[0]?.length;
      expect(table.every((row) => row.length === width)).toBe(true);
    }
    // Every "<" is backslash-escaped, so no tag can start.
    expect(markdown).not.toMatch(/(?<!\\)<(script|img)/);
    expect(markdown).toContain("\\<script\\>");
  });

  it("keeps the diff report's cells whole, with each message readable as written", () => {
    const snapshot = hostileSnapshot();
    const diff = diffBaseline(seedBaseline(), snapshot);

    const markdown = renderer.diffReport(
      toDiffReportView(diff, {
        baselineFile: "run|book.md",
        source: snapshot.source.url,
        takenAt: snapshot.takenAt,
        applications: snapshot.applications,
        completenessProblems: [`cannot read ${HOSTILE}`],
      }),
    );

    const findingTables = tablesOf(markdown).filter((table) => table[0]?.join() === "Finding,Message");
    const ids = findingTables.flatMap((table) => table.slice(1).map((row) => row[0]));
    const messages = findingTables.flatMap((table) => table.slice(1).map((row) => row[1]));
    expect(ids).toEqual(diff.findings.map((finding) => finding.id));
    expect(ids.filter((id) => id?.includes(HOSTILE) || id?.includes(HOSTILE_USER))).toHaveLength(2);
    expect(messages).toEqual(diff.findings.map((finding) => finding.message));
    expect(messages.filter((message) => message?.includes(HOSTILE))).toHaveLength(2);
    expect(tablesOf(markdown).every((table) => table.every((row) => row.length === table[0]?.length))).toBe(true);
    expect(markdown).toContain("Baseline run\\|book.md against");
    expect(markdown).toContain("> **Incomplete snapshot:** cannot read a\\|b \\<script\\>");
    expect(markdown).not.toMatch(/(?<!\\)<(script|img)/);
  });
});

describe("report: hostile names in HTML", () => {
  it("escapes every name, message and status text on the overview page", () => {
    const snapshot = hostileSnapshot();
    const baseline = seedBaseline();
    const result: AuditResult = {
      snapshot,
      baseline,
      baselineText: "",
      diff: diffBaseline(baseline, snapshot),
      live: createAccessEvaluator(snapshot),
      eventLog: null,
      startedAt: snapshot.takenAt,
      finishedAt: snapshot.takenAt,
      durationMs: 1,
    };
    const status = { ...okStatus(), baselineError: `bad cell ${HOSTILE}`, lastError: `<script>alert("error")</script>` };

    const html = renderer.overview(toOverviewView(result, status));

    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("a|b &lt;script&gt;alert(1)&lt;/script&gt; *x* &#x60;y&#x60;");
    expect(html).toContain("&lt;img src&#x3D;x onerror&#x3D;alert&#x60;1&#x60;&gt;_*");
    expect(html).toContain("&lt;script&gt;alert(&quot;error&quot;)&lt;/script&gt;");
  });
});

describe("report: hostile names in authentik's event log", () => {
  // An actor's username and the address authentik logged are authentik's data too, and as hostile.
  const ACTOR = "<img src=x onerror=alert(1)>|`x`\u001b[31mred\u001b[0m";
  const hostileEvent = { at: "2026-03-01T09:15:00.000Z", username: ACTOR, action: "model_deleted", clientIp: "10.0.0.7<b>" };

  function attributedDiff() {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.bindings = draft.bindings.filter((binding) => binding.target !== "app-immich");
    });
    const diff = diffBaseline(seedBaseline(), snapshot);
    return { snapshot, diff: { ...diff, findings: diff.findings.map((finding) => ({ ...finding, events: [hostileEvent] })) } };
  }

  it("keeps the attribution table's cells whole in Markdown, with the name readable and no tag", () => {
    const { snapshot, diff } = attributedDiff();

    const markdown = renderer.diffReport(
      toDiffReportView(diff, {
        baselineFile: "access-groups.md",
        source: snapshot.source.url,
        takenAt: snapshot.takenAt,
        applications: snapshot.applications,
        attribution: { window: "30d", events: 1, notice: null },
        completenessProblems: [],
      }),
    );

    const table = tablesOf(markdown).find((candidate) => candidate[0]?.join() === "Finding,Change");
    expect(table?.every((row) => row.length === 2)).toBe(true);
    expect(table?.[1]?.[1]).toBe("deleted by <img src=x onerror=alert(1)>|`x`?[31mred?[0m at 2026-03-01 09:15 UTC from 10.0.0.7<b>");
    expect(markdown).not.toMatch(/(?<!\\)<(img|b>)/);
    expect(markdown).not.toContain("\u001b");
  });

  it("escapes the actor on the overview page and in check's text output no escape sequence survives", () => {
    const { snapshot, diff } = attributedDiff();
    const baseline = seedBaseline();
    const result: AuditResult = {
      snapshot,
      baseline,
      baselineText: "",
      diff,
      live: createAccessEvaluator(snapshot),
      eventLog: null,
      startedAt: snapshot.takenAt,
      finishedAt: snapshot.takenAt,
      durationMs: 1,
    };

    const html = renderer.overview(toOverviewView(result, okStatus()));
    const text = renderCheckText(
      diff,
      { baselineFile: "a.md", source: "https://x", takenAt: snapshot.takenAt, completenessProblems: [] },
      createPaint(false),
    );

    expect(html).not.toMatch(/<img|<b>/i);
    expect(html).toContain(
      "— deleted by &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;|&#x60;x&#x60;?[31mred?[0m at 2026-03-01 09:15 UTC from 10.0.0.7&lt;b&gt;",
    );
    expect(text).not.toContain("\u001b");
    expect(text).toContain("— deleted by <img src=x onerror=alert(1)>|`x`?[31mred?[0m at 2026-03-01 09:15 UTC");
  });
});
