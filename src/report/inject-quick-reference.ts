import { findBaselineTables } from "../baseline/index.js";
import type { BaselineTable, BaselineTableKind } from "../baseline/index.js";
import { escapeMarkdown } from "./escape-markdown.js";
import type { TableRecords } from "./table-records.js";
import { updateTable } from "./update-table.js";

export const BEGIN_MARKER = "<!-- ak-access:begin -->";
export const END_MARKER = "<!-- ak-access:end -->";

export type QuickReferenceTableKind = Exclude<BaselineTableKind, "acceptances">;

export interface QuickReferenceInjection {
  /** The live state as the tables say it. */
  records: TableRecords;
  /**
   * The whole section, as `ReportRenderer.quickReference` renders it: what goes between the markers. A table
   * given in `keep` replaces the fresh one (it is the region's own table, updated row by row).
   */
  section(keep: Partial<Record<QuickReferenceTableKind, string>>): string;
  /** Plain text for the "Last updated" line, e.g. "2026-03-01 — regenerated from authentik by ak-access". */
  lastUpdated: string;
}

export type InjectionResult =
  | {
      ok: true;
      text: string;
      /** False exactly when `text` equals the input. */
      changed: boolean;
      /** True when the runbook had ak-access markers and the region between them was rewritten. */
      usedMarkers: boolean;
      /** True when a "Last updated" line was rewritten (only ever when something else changed). */
      updatedLastUpdated: boolean;
    }
  | {
      ok: false;
      /** What is wrong and how to fix it, e.g. which tables are missing. */
      message: string;
      /** The table kinds not found (empty when the problem is something else). */
      missing: BaselineTableKind[];
    };

interface Replacement {
  start: number;
  end: number;
  text: string;
}

const KINDS: readonly QuickReferenceTableKind[] = ["groups", "bindings", "unbound"];
const TABLE_NAMES: Readonly<Record<QuickReferenceTableKind, string>> = {
  groups: "groups table (Group, PK, Members)",
  bindings: "bindings table (Application, Slug, Group, Binding PK)",
  unbound: "unbound table (Application, Slug, Reason)",
};
const MARKER_HINT = `or put ${BEGIN_MARKER} and ${END_MARKER} around the section to rewrite`;

/**
 * Rewrites the runbook's quick reference in place. Between ak-access markers, the whole region becomes
 * the rendered section (the region's own tables updated row by row, so the user's columns survive);
 * without markers, exactly the three baseline tables are updated row by row (see updateTable) and nothing
 * else. Every other byte is kept (line endings included: new text uses the file's dominant one), and the
 * "Last updated" line changes only when a table did, so a second run is a no-op. Pure.
 */
export function injectQuickReference(runbook: string, input: QuickReferenceInjection): InjectionResult {
  // Work without a byte-order mark, so that a table on the first line is found as one.
  const bom = runbook.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = runbook.slice(bom.length);
  const eol = dominantLineEnding(body);

  const markers = findMarkers(body);
  if (!markers.ok) return { ok: false, message: markers.message, missing: [] };
  let replacements: Replacement[];
  if (markers.region) {
    const region = body.slice(markers.region.start, markers.region.end);
    const keep: Partial<Record<QuickReferenceTableKind, string>> = {};
    for (const kind of KINDS) {
      const own = findBaselineTables(region).tables.filter((table) => table.kind === kind);
      if (own.length === 1 && own[0]) keep[kind] = updateTable(region, own[0], input.records, "\n");
    }
    const section = toLineEnding(input.section(keep).replace(/\s+$/, ""), eol);
    const text = section === "" ? eol : `${eol}${section}${eol}${eol}`;
    replacements = [{ ...markers.region, text }];
  } else {
    const located = locateTables(body);
    if (!located.ok) return located;
    replacements = located.tables.map((table) => ({
      start: table.location.startOffset,
      end: table.location.endOffset,
      text: updateTable(body, table, input.records, eol),
    }));
  }

  const changed = replacements.some((replacement) => body.slice(replacement.start, replacement.end) !== replacement.text);
  if (!changed) return { ok: true, text: runbook, changed: false, usedMarkers: markers.region !== null, updatedLastUpdated: false };

  const lastUpdated = findLastUpdatedLine(body, replacements, input.lastUpdated);
  const all = lastUpdated ? [...replacements, lastUpdated] : replacements;
  const text = bom + applyReplacements(body, all);
  return { ok: true, text, changed: text !== runbook, usedMarkers: markers.region !== null, updatedLastUpdated: lastUpdated !== null };
}

type MarkerSearch = { ok: true; region: { start: number; end: number } | null } | { ok: false; message: string };

/** Markers count only on a line of their own, so a runbook can mention them in prose or inline code. */
function findMarkers(body: string): MarkerSearch {
  const begins = lineMatches(body, /^[ \t]*<!--[ \t]*ak-access:begin[ \t]*-->[ \t]*\r?$/gm);
  const ends = lineMatches(body, /^[ \t]*<!--[ \t]*ak-access:end[ \t]*-->[ \t]*\r?$/gm);
  if (begins.length === 0 && ends.length === 0) return { ok: true, region: null };
  const [begin] = begins;
  const [end] = ends;
  if (begins.length !== 1 || ends.length !== 1 || begin === undefined || end === undefined || end.start < begin.end) {
    return {
      ok: false,
      message: `expected one ${BEGIN_MARKER} line followed by one ${END_MARKER} line, found ${begins.length} begin and ${ends.length} end marker${ends.length === 1 ? "" : "s"}${begin && end && end.start < begin.end ? " with the end before the begin" : ""} (lines ${[
        ...begins,
        ...ends,
      ]
        .map((match) => match.line)
        .sort((a, b) => a - b)
        .join(", ")})`,
    };
  }
  // The region runs from the start of the line after the begin marker to the start of the end marker's line.
  const afterBegin = body.indexOf("\n", begin.start) + 1;
  return { ok: true, region: { start: afterBegin, end: end.start } };
}

interface LineMatch {
  start: number;
  end: number;
  line: number;
}

function lineMatches(body: string, pattern: RegExp): LineMatch[] {
  return [...body.matchAll(pattern)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    line: body.slice(0, match.index).split("\n").length,
  }));
}

type LocatedTables = { ok: true; tables: BaselineTable[] } | { ok: false; message: string; missing: BaselineTableKind[] };

/** Exactly one table of each kind, or an error that says which are missing or repeated: never a guess. */
function locateTables(body: string): LocatedTables {
  const tables = findBaselineTables(body).tables.filter((table) => table.kind !== "acceptances");
  const locations = tables.map((table) => table.location);
  const missing = KINDS.filter((kind) => !locations.some((location) => location.kind === kind));
  if (missing.length > 0) {
    return {
      ok: false,
      missing,
      message: `cannot rewrite the quick reference in place: no ${missing.map((kind) => TABLE_NAMES[kind]).join(", no ")} found; add ${missing.length === 1 ? "it" : "them"} to the runbook, ${MARKER_HINT}`,
    };
  }
  const repeated = KINDS.map((kind) => locations.filter((location) => location.kind === kind)).filter((found) => found.length > 1);
  if (repeated.length > 0) {
    const described = repeated.map(
      (found) => `${found.length} ${found[0]?.kind ?? ""} tables (lines ${found.map((location) => location.startLine).join(", ")})`,
    );
    return {
      ok: false,
      missing: [],
      message: `cannot rewrite the quick reference in place: found ${described.join(" and ")}, so which one to rewrite is ambiguous; ${MARKER_HINT}`,
    };
  }
  return { ok: true, tables };
}

// Same `##` section: stop at the next heading of level 1 or 2.
const SECTION_HEADING = /^ {0,3}#{1,2}(?:[ \t]|\r?$)/;
// Label (with any emphasis that closes right after it), the text to replace, then trailing emphasis.
const LAST_UPDATED = /^(.*?last updated[ \t]*:?[*_]*[ \t]*)(.*?)([*_]*[ \t]*)$/i;

/** The first "Last updated" line after the first replaced region, in the same `##` section and outside every region. */
function findLastUpdatedLine(body: string, regions: readonly Replacement[], lastUpdated: string): Replacement | null {
  const first = Math.min(...regions.map((region) => region.start));
  const firstEnd = regions.find((region) => region.start === first)?.end ?? first;
  let lineStart = body.indexOf("\n", firstEnd) + 1;
  while (lineStart > 0 && lineStart < body.length) {
    const newline = body.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? body.length : newline;
    const contentEnd = body[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd;
    const line = body.slice(lineStart, contentEnd);
    if (SECTION_HEADING.test(line)) return null;
    const inRegion = regions.some((region) => lineStart < region.end && contentEnd > region.start);
    const match = inRegion ? null : LAST_UPDATED.exec(line);
    if (match) {
      const replaced = `${match[1] ?? ""}${escapeMarkdown(lastUpdated)}${match[3] ?? ""}`;
      return { start: lineStart, end: contentEnd, text: replaced };
    }
    if (newline === -1) return null;
    lineStart = newline + 1;
  }
  return null;
}

function applyReplacements(body: string, replacements: readonly Replacement[]): string {
  let text = body;
  for (const replacement of [...replacements].sort((a, b) => b.start - a.start)) {
    text = text.slice(0, replacement.start) + replacement.text + text.slice(replacement.end);
  }
  return text;
}

/** "\r\n" when most line breaks are CRLF, else "\n". */
function dominantLineEnding(text: string): "\n" | "\r\n" {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

function toLineEnding(text: string, eol: "\n" | "\r\n"): string {
  return text.replace(/\r?\n/g, eol);
}
