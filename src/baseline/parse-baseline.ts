import {
  UUID_EXPECTATION,
  isMalformedUuid,
  isNoneCell,
  isSlug,
  isUuid,
  parseListCell,
  parseMembersCell,
  parseSuperuserCell,
} from "./cell-conventions.js";
import { describeKnownNames } from "../text/index.js";
import { decodeCellText } from "./cell-text.js";
import { TABLE_SHAPES, findBaselineTables } from "./find-baseline-tables.js";
import type { BaselineColumn, BaselineRow } from "./find-baseline-tables.js";
import { parseStateCell } from "./parse-state-cell.js";
import type {
  Baseline,
  BaselineAcceptance,
  BaselineBinding,
  BaselineBindingTarget,
  BaselineGroup,
  BaselinePolicyEngineMode,
  BaselineProblem,
  BaselineTableKind,
  BaselineUnboundApplication,
} from "./types.js";

export interface ParsedBaseline {
  /** Null exactly when there are problems. */
  baseline: Baseline | null;
  /** Every problem in the document, sorted by line. */
  problems: BaselineProblem[];
}

type Report = (line: number, message: string) => void;

// `<kind>:<subject>`: a finding kind is lower-case words joined by dashes.
const FINDING_ID = /^[a-z]+(?:-[a-z]+)*:\S.*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads the runbook's tables: groups, bindings, unbound apps and accepted findings (PRODUCT.md section 3
 * and the README's table format). Never throws on bad input: every problem is collected so the user can
 * fix the runbook in one pass.
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
  const acceptances: BaselineAcceptance[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      if (table.kind === "groups") groups.push(readGroupRow(row, report));
      else if (table.kind === "bindings") bindings.push(readBindingRow(row, report));
      else if (table.kind === "unbound") unbound.push(readUnboundRow(row, report));
      else acceptances.push(readAcceptanceRow(row, report));
    }
  }
  checkGroups(groups, report);
  checkBindings(bindings, groups, report);
  checkUnbound(unbound, bindings, report);
  checkAcceptances(acceptances, report);

  // Array.prototype.sort is stable, so problems on one line keep the order they were found in.
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0) return { baseline: null, problems };
  return { baseline: { file, groups, bindings, unbound, acceptances }, problems };
}

export type ParsedRow =
  | { kind: "groups"; row: BaselineGroup }
  | { kind: "bindings"; row: BaselineBinding }
  | { kind: "unbound"; row: BaselineUnboundApplication }
  | { kind: "acceptances"; row: BaselineAcceptance };

/** One row of a found table, read as `parseBaseline` reads it (its problems left aside): what the row means. */
export function readBaselineRow(kind: BaselineTableKind, row: BaselineRow): ParsedRow {
  const ignore: Report = () => undefined;
  switch (kind) {
    case "groups":
      return { kind, row: readGroupRow(row, ignore) };
    case "bindings":
      return { kind, row: readBindingRow(row, ignore) };
    case "unbound":
      return { kind, row: readUnboundRow(row, ignore) };
    case "acceptances":
      return { kind, row: readAcceptanceRow(row, ignore) };
  }
}

function describeMissingTables(): string {
  const kinds: BaselineTableKind[] = ["groups", "bindings", "unbound"];
  const wanted = kinds.map(
    (kind) => `${kind === "unbound" ? "an" : "a"} ${kind} table (columns ${TABLE_SHAPES[kind].required.join(", ")})`,
  );
  return `no baseline tables found: looked for ${wanted.join(", ")}; header cells match in any order and case`;
}

/** The decoded text of a cell, "" for a none marker or a missing column. */
function text(row: BaselineRow, column: BaselineColumn): string {
  const raw = row.cells[column] ?? "";
  return isNoneCell(raw) ? "" : decodeCellText(raw);
}

function readGroupRow(row: BaselineRow, report: Report): BaselineGroup {
  const name = readRequired(row, "Group", "groups", "the group's name", report);
  const label = name === "" ? "this group" : `group "${name}"`;

  const pkText = text(row, "PK");
  if (pkText === "") {
    report(row.line, `empty "PK" cell for ${label} in the groups table (${UUID_EXPECTATION})`);
  } else if (isMalformedUuid(pkText)) {
    report(row.line, `malformed UUID "${pkText}" in the "PK" cell of ${label} (${UUID_EXPECTATION})`);
  } else if (!isUuid(pkText)) {
    report(row.line, `"PK" cell "${pkText}" of ${label} is not a UUID (${UUID_EXPECTATION})`);
  }

  const { members: rawMembers, hasSuperuserMark } = parseMembersCell(row.cells.Members ?? "");
  const members = new Set<string>();
  for (const raw of rawMembers) {
    const member = decodeCellText(raw);
    if ((raw.includes("(") || raw.includes(")")) && /(?:^|[^\\])[()]/.test(raw)) {
      report(
        row.line,
        `unexpected member "${member}" in ${label} (expected comma-separated usernames, with "(superuser)" only at the end of the cell; write a parenthesis in a username as "\\(")`,
      );
    } else if (members.has(member)) {
      report(row.line, `member "${member}" is listed twice in ${label} (expected each username once)`);
    }
    members.add(member);
  }

  let isSuperuser = hasSuperuserMark;
  const superuserText = text(row, "Superuser");
  if (superuserText !== "") {
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

  const parents: string[] = [];
  for (const parent of parseListCell(row.cells.Parents ?? "").map(decodeCellText)) {
    if (parents.includes(parent)) report(row.line, `parent "${parent}" is listed twice for ${label} (expected each parent group once)`);
    else if (parent === name) report(row.line, `${label} lists itself as its parent (expected other groups' names)`);
    parents.push(parent);
  }

  return { name, pk: pkText.toLowerCase(), members: [...members], isSuperuser, parents, line: row.line };
}

function readBindingRow(row: BaselineRow, report: Report): BaselineBinding {
  const application = readRequired(row, "Application", "bindings", "the app's name", report);
  const slug = readSlug(row, "bindings", report);
  const target = readBindingTarget(row, report);
  const label = target === null ? "" : ` and ${describeTarget(target)}`;

  const pkText = text(row, "Binding PK");
  let bindingPk: string | null = null;
  if (isUuid(pkText)) {
    bindingPk = pkText.toLowerCase();
  } else if (isMalformedUuid(pkText)) {
    report(
      row.line,
      `malformed UUID "${pkText}" in the "Binding PK" cell of app "${slug}"${label} (${UUID_EXPECTATION}, or a placeholder such as "(existing)" when the pk is not pinned)`,
    );
  }

  const state = parseStateCell(text(row, "State"));
  for (const problem of state.problems) report(row.line, `${problem} in the "State" cell of app "${slug}"${label}`);

  const modeText = text(row, "Policy engine mode");
  let policyEngineMode: BaselinePolicyEngineMode | null = null;
  if (modeText !== "") {
    const mode = modeText.toLowerCase();
    if (mode === "any" || mode === "all") policyEngineMode = mode;
    else report(row.line, `invalid "Policy engine mode" cell "${modeText}" for app "${slug}" (expected any or all)`);
  }

  return {
    application,
    slug,
    target: target ?? { kind: "group", name: "" },
    bindingPk,
    enabled: state.enabled,
    negate: state.negate,
    expires: state.expires,
    policyEngineMode,
    line: row.line,
  };
}

/** Exactly one of the Group, User and Policy cells names what the row binds. */
function readBindingTarget(row: BaselineRow, report: Report): BaselineBindingTarget | null {
  const group = text(row, "Group");
  const user = text(row, "User");
  const policy = text(row, "Policy");
  const given = [group !== "", user !== "", policy !== ""].filter(Boolean).length;
  if (given === 1) {
    if (group !== "") return { kind: "group", name: group };
    if (user !== "") return { kind: "user", username: user };
    return { kind: "policy", name: policy };
  }
  const columns = ["Group", ...(row.cells.User === undefined ? [] : ["User"]), ...(row.cells.Policy === undefined ? [] : ["Policy"])];
  if (given === 0) {
    const expected =
      columns.length === 1 ? "a group name from the groups table" : `one of ${columns.map((column) => `"${column}"`).join(", ")} filled in`;
    report(row.line, `empty "Group" cell in the bindings table (expected ${expected})`);
  } else {
    report(
      row.line,
      `the bindings row of app "${text(row, "Slug")}" names more than one of a group ("${group}"), a user ("${user}") and a policy ("${policy}") (expected exactly one per row; a binding binds one of them)`,
    );
  }
  return null;
}

function describeTarget(target: BaselineBindingTarget): string {
  switch (target.kind) {
    case "group":
      return `group "${target.name}"`;
    case "user":
      return `user "${target.username}"`;
    case "policy":
      return `policy "${target.name}"`;
  }
}

function readUnboundRow(row: BaselineRow, report: Report): BaselineUnboundApplication {
  const application = readRequired(row, "Application", "unbound", "the app's name", report);
  const slug = readSlug(row, "unbound", report);
  return { application, slug, reason: text(row, "Reason"), line: row.line };
}

function readAcceptanceRow(row: BaselineRow, report: Report): BaselineAcceptance {
  const finding = text(row, "Finding");
  if (finding === "") {
    report(
      row.line,
      `empty "Finding" cell in the acceptance table (expected a finding id such as binding-missing:mailcow/communication-users)`,
    );
  } else if (!FINDING_ID.test(finding)) {
    report(
      row.line,
      `invalid finding id "${finding}" in the acceptance table (expected <kind>:<subject>, as \`ak-access check\` prints it, e.g. member-added:media-users/riley)`,
    );
  }
  const reason = text(row, "Reason");
  if (reason === "") report(row.line, `empty "Reason" cell for the accepted finding "${finding}" (expected why it is accepted)`);
  const until = text(row, "Until");
  if (until !== "" && !isDateOrDateTime(until)) {
    report(
      row.line,
      `invalid "Until" cell "${until}" for the accepted finding "${finding}" (expected a date such as 2027-01-31, or an ISO 8601 date-time)`,
    );
  }
  return { finding, reason, until: until === "" ? null : until, line: row.line };
}

function isDateOrDateTime(value: string): boolean {
  if (!DATE.test(value) && !DATE_TIME.test(value)) return false;
  return !Number.isNaN(Date.parse(DATE.test(value) ? `${value}T00:00:00Z` : value));
}

/** The cell's text, or "" after reporting it when the cell is empty or a none marker. */
function readRequired(
  row: BaselineRow,
  column: "Group" | "Application" | "Slug",
  kind: BaselineTableKind,
  expected: string,
  report: Report,
): string {
  const value = text(row, column);
  if (value !== "") return value;
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
  for (const group of groups) {
    for (const parent of group.parents) {
      if (parent !== group.name && !byName.has(parent)) {
        report(group.line, `unknown parent group "${parent}" of group "${group.name}" (expected a group of the groups table)`);
      }
    }
  }
}

function checkBindings(bindings: readonly BaselineBinding[], groups: readonly BaselineGroup[], report: Report): void {
  const known = new Set(groups.map((group) => group.name).filter((name) => name !== ""));
  const knownGroups = (name: string): string =>
    known.size === 0
      ? `no groups table found; expected one with columns ${TABLE_SHAPES.groups.required.join(", ")}`
      : describeKnownNames(name, known);
  const byPk = new Map<string, BaselineBinding>();
  const bySlug = new Map<string, BaselineBinding>();
  const modeBySlug = new Map<string, BaselineBinding>();
  for (const binding of bindings) {
    const { target } = binding;
    if (target.kind === "group" && target.name !== "" && !known.has(target.name)) {
      report(binding.line, `unknown group "${target.name}" in the bindings table (${knownGroups(target.name)})`);
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
    if (binding.slug !== "" && binding.policyEngineMode !== null) {
      const first = modeBySlug.get(binding.slug);
      if (!first) {
        modeBySlug.set(binding.slug, binding);
      } else if (first.policyEngineMode !== binding.policyEngineMode) {
        report(
          binding.line,
          `app "${binding.slug}" has policy engine mode "${binding.policyEngineMode}" here but "${first.policyEngineMode}" at line ${first.line} (expected one mode per app)`,
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

function checkAcceptances(acceptances: readonly BaselineAcceptance[], report: Report): void {
  const byFinding = new Map<string, BaselineAcceptance>();
  for (const acceptance of acceptances) {
    if (acceptance.finding === "") continue;
    const first = byFinding.get(acceptance.finding);
    if (first) report(acceptance.line, `the finding "${acceptance.finding}" is accepted twice (first at line ${first.line})`);
    else byFinding.set(acceptance.finding, acceptance);
  }
}
