/** One row of a baseline table read into what it means, with every problem of the row reported at its line. */

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
import { decodeCellText } from "./cell-text.js";
import type { BaselineColumn, BaselineRow } from "./find-baseline-tables.js";
import { parseStateCell } from "./parse-state-cell.js";
import type {
  BaselineAcceptance,
  BaselineBinding,
  BaselineBindingTarget,
  BaselineGroup,
  BaselinePolicyEngineMode,
  BaselineTableKind,
  BaselineUnboundApplication,
} from "./types.js";

/** Reports a problem at a 1-based line of the runbook. */
export type Report = (line: number, message: string) => void;

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

// `<kind>:<subject>`: a finding kind is lower-case words joined by dashes.
const FINDING_ID = /^[a-z]+(?:-[a-z]+)*:\S.*$/;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The decoded text of a cell, "" for a none marker or a missing column. */
function text(row: BaselineRow, column: BaselineColumn): string {
  const raw = row.cells[column] ?? "";
  return isNoneCell(raw) ? "" : decodeCellText(raw);
}

export function readGroupRow(row: BaselineRow, report: Report): BaselineGroup {
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

export function readBindingRow(row: BaselineRow, report: Report): BaselineBinding {
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

export function readUnboundRow(row: BaselineRow, report: Report): BaselineUnboundApplication {
  const application = readRequired(row, "Application", "unbound", "the app's name", report);
  const slug = readSlug(row, "unbound", report);
  return { application, slug, reason: text(row, "Reason"), line: row.line };
}

export function readAcceptanceRow(row: BaselineRow, report: Report): BaselineAcceptance {
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
