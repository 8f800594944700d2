import { UUID_EXPECTATION, isMalformedUuid, isNoneCell, isSlug, isUuid, parseMembersCell, parseSuperuserCell } from "./cell-conventions.js";
import { TABLE_SHAPES, findBaselineTables } from "./find-baseline-tables.js";
import type { BaselineRow } from "./find-baseline-tables.js";
import type { Baseline, BaselineBinding, BaselineGroup, BaselineProblem, BaselineTableKind, BaselineUnboundApplication } from "./types.js";

export interface ParsedBaseline {
  /** Null exactly when there are problems. */
  baseline: Baseline | null;
  /** Every problem in the document, sorted by line. */
  problems: BaselineProblem[];
}

type Report = (line: number, message: string) => void;

/**
 * Reads the runbook's groups, bindings and unbound tables (PRODUCT.md section 3). Never throws on bad
 * input: every problem is collected so the user can fix the runbook in one pass.
 */
export function parseBaseline(markdown: string, file: string): ParsedBaseline {
  const problems: BaselineProblem[] = [];
  const report: Report = (line, message) => problems.push({ file, line, message });
  const { tables, issues } = findBaselineTables(markdown);
  for (const issue of issues) report(issue.line, issue.message);
  if (tables.length === 0 && issues.length === 0) report(1, describeMissingTables());

  const groups: BaselineGroup[] = [];
  const bindings: BaselineBinding[] = [];
  const unbound: BaselineUnboundApplication[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      if (table.kind === "groups") groups.push(readGroupRow(row, report));
      else if (table.kind === "bindings") bindings.push(readBindingRow(row, report));
      else unbound.push(readUnboundRow(row, report));
    }
  }
  checkGroups(groups, report);
  checkBindings(bindings, groups, report);
  checkUnbound(unbound, bindings, report);

  // Array.prototype.sort is stable, so problems on one line keep the order they were found in.
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0) return { baseline: null, problems };
  return { baseline: { file, groups, bindings, unbound }, problems };
}

function describeMissingTables(): string {
  const kinds: BaselineTableKind[] = ["groups", "bindings", "unbound"];
  const wanted = kinds.map(
    (kind) => `${kind === "unbound" ? "an" : "a"} ${kind} table (columns ${TABLE_SHAPES[kind].required.join(", ")})`,
  );
  return `no baseline tables found: looked for ${wanted.join(", ")}; header cells match in any order and case`;
}

function readGroupRow(row: BaselineRow, report: Report): BaselineGroup {
  const name = readRequired(row, "Group", "groups", "the group's name", report);
  const label = name === "" ? "this group" : `group "${name}"`;

  const pkText = row.cells.PK ?? "";
  if (isNoneCell(pkText)) {
    report(row.line, `empty "PK" cell for ${label} in the groups table (${UUID_EXPECTATION})`);
  } else if (isMalformedUuid(pkText)) {
    report(row.line, `malformed UUID "${pkText}" in the "PK" cell of ${label} (${UUID_EXPECTATION})`);
  } else if (!isUuid(pkText)) {
    report(row.line, `"PK" cell "${pkText}" of ${label} is not a UUID (${UUID_EXPECTATION})`);
  }

  const { members, hasSuperuserMark } = parseMembersCell(row.cells.Members ?? "");
  const seen = new Set<string>();
  for (const member of members) {
    if (/[()]/.test(member)) {
      report(
        row.line,
        `unexpected member "${member}" in ${label} (expected comma-separated usernames, with "(superuser)" only at the end of the cell)`,
      );
    } else if (seen.has(member)) {
      report(row.line, `member "${member}" is listed twice in ${label} (expected each username once)`);
    }
    seen.add(member);
  }

  let isSuperuser = hasSuperuserMark;
  const superuserText = row.cells.Superuser ?? "";
  if (!isNoneCell(superuserText)) {
    const stated = parseSuperuserCell(superuserText);
    if (stated === null) {
      report(row.line, `invalid "Superuser" cell "${superuserText}" for ${label} (expected yes, no, true or false)`);
    } else if (hasSuperuserMark && !stated) {
      report(
        row.line,
        `${label} is marked "(superuser)" in its "Members" cell but its "Superuser" cell says "${superuserText}" (expected the two to agree)`,
      );
    } else {
      isSuperuser = stated;
    }
  }

  return { name, pk: pkText.toLowerCase(), members, isSuperuser, line: row.line };
}

function readBindingRow(row: BaselineRow, report: Report): BaselineBinding {
  const application = readRequired(row, "Application", "bindings", "the app's name", report);
  const slug = readSlug(row, "bindings", report);
  const group = readRequired(row, "Group", "bindings", "a group name from the groups table", report);

  const pkText = row.cells["Binding PK"] ?? "";
  let bindingPk: string | null = null;
  if (isUuid(pkText)) {
    bindingPk = pkText.toLowerCase();
  } else if (isMalformedUuid(pkText)) {
    report(
      row.line,
      `malformed UUID "${pkText}" in the "Binding PK" cell of app "${slug}" and group "${group}" (${UUID_EXPECTATION}, or a placeholder such as "(existing)" when the pk is not pinned)`,
    );
  }
  return { application, slug, group, bindingPk, line: row.line };
}

function readUnboundRow(row: BaselineRow, report: Report): BaselineUnboundApplication {
  const application = readRequired(row, "Application", "unbound", "the app's name", report);
  const slug = readSlug(row, "unbound", report);
  const reasonText = row.cells.Reason ?? "";
  return { application, slug, reason: isNoneCell(reasonText) ? "" : reasonText, line: row.line };
}

/** The cell's text, or "" after reporting it when the cell is empty or a none marker. */
function readRequired(
  row: BaselineRow,
  column: "Group" | "Application" | "Slug",
  kind: BaselineTableKind,
  expected: string,
  report: Report,
): string {
  const text = row.cells[column] ?? "";
  if (!isNoneCell(text)) return text;
  report(row.line, `empty "${column}" cell in the ${kind} table (expected ${expected})`);
  return "";
}

function readSlug(row: BaselineRow, kind: BaselineTableKind, report: Report): string {
  const slug = readRequired(row, "Slug", kind, "the app's slug", report);
  if (slug !== "" && !isSlug(slug)) {
    report(row.line, `invalid slug "${slug}" in the ${kind} table (expected only letters, digits, "-" and "_")`);
  }
  return slug;
}

function checkGroups(groups: readonly BaselineGroup[], report: Report): void {
  const byName = new Map<string, BaselineGroup>();
  const byPk = new Map<string, BaselineGroup>();
  for (const group of groups) {
    if (group.name !== "") {
      const first = byName.get(group.name);
      if (first) report(group.line, `duplicate group "${group.name}" in the groups table (first at line ${first.line})`);
      else byName.set(group.name, group);
    }
    if (isUuid(group.pk)) {
      const first = byPk.get(group.pk);
      if (first) {
        report(
          group.line,
          `duplicate group PK "${group.pk}" for group "${group.name}" (already the PK of group "${first.name}" at line ${first.line}; expected one PK per group)`,
        );
      } else {
        byPk.set(group.pk, group);
      }
    }
  }
}

function checkBindings(bindings: readonly BaselineBinding[], groups: readonly BaselineGroup[], report: Report): void {
  const known = new Set(groups.map((group) => group.name).filter((name) => name !== ""));
  const knownGroups =
    known.size === 0
      ? `no groups table found; expected one with columns ${TABLE_SHAPES.groups.required.join(", ")}`
      : `known: ${[...known].sort((a, b) => a.localeCompare(b, "en")).join(", ")}`;
  const byPair = new Map<string, BaselineBinding>();
  const byPk = new Map<string, BaselineBinding>();
  const bySlug = new Map<string, BaselineBinding>();
  for (const binding of bindings) {
    if (binding.group !== "" && !known.has(binding.group)) {
      report(binding.line, `unknown group "${binding.group}" in the bindings table (${knownGroups})`);
    }
    if (binding.slug !== "" && binding.group !== "") {
      const pair = JSON.stringify([binding.slug, binding.group]);
      const first = byPair.get(pair);
      if (first) {
        report(
          binding.line,
          `duplicate binding of app "${binding.slug}" to group "${binding.group}" (first at line ${first.line}; expected one row per app and group)`,
        );
      } else {
        byPair.set(pair, binding);
      }
    }
    if (binding.bindingPk !== null) {
      const first = byPk.get(binding.bindingPk);
      if (first) {
        report(
          binding.line,
          `duplicate Binding PK "${binding.bindingPk}" (already used at line ${first.line}; expected one row per binding)`,
        );
      } else {
        byPk.set(binding.bindingPk, binding);
      }
    }
    if (binding.slug !== "" && binding.application !== "") {
      const first = bySlug.get(binding.slug);
      if (!first) {
        bySlug.set(binding.slug, binding);
      } else if (first.application !== binding.application) {
        report(
          binding.line,
          `app "${binding.slug}" is named "${binding.application}" here but "${first.application}" at line ${first.line} (expected one Application name per slug)`,
        );
      }
    }
  }
}

function checkUnbound(unbound: readonly BaselineUnboundApplication[], bindings: readonly BaselineBinding[], report: Report): void {
  const boundLines = new Map<string, number[]>();
  for (const binding of bindings) {
    if (binding.slug === "") continue;
    const lines = boundLines.get(binding.slug) ?? [];
    lines.push(binding.line);
    boundLines.set(binding.slug, lines);
  }
  const bySlug = new Map<string, BaselineUnboundApplication>();
  for (const app of unbound) {
    if (app.slug === "") continue;
    const lines = boundLines.get(app.slug);
    if (lines) {
      const where = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(", ")}`;
      report(
        app.line,
        `app "${app.slug}" is in the unbound table and also in the bindings table at ${where} (expected an app in only one of them)`,
      );
    }
    const first = bySlug.get(app.slug);
    if (first) report(app.line, `duplicate app "${app.slug}" in the unbound table (first at line ${first.line})`);
    else bySlug.set(app.slug, app);
  }
}
