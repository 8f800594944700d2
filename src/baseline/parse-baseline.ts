import { TABLE_SHAPES, findBaselineTables } from "./find-baseline-tables.js";
import type {
  Baseline,
  BaselineAcceptance,
  BaselineBinding,
  BaselineGroup,
  BaselineProblem,
  BaselineTableKind,
  BaselineUnboundApplication,
} from "./types.js";
import { checkAcceptances, checkBindings, checkGroups, checkUnbound } from "./check-baseline-rows.js";
import { readAcceptanceRow, readBindingRow, readGroupRow, readUnboundRow } from "./read-baseline-rows.js";
import type { Report } from "./read-baseline-rows.js";

export interface ParsedBaseline {
  /** Null exactly when there are problems. */
  baseline: Baseline | null;
  /** Every problem in the document, sorted by line. */
  problems: BaselineProblem[];
}

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

function describeMissingTables(): string {
  const kinds: BaselineTableKind[] = ["groups", "bindings", "unbound"];
  const wanted = kinds.map(
    (kind) => `${kind === "unbound" ? "an" : "a"} ${kind} table (columns ${TABLE_SHAPES[kind].required.join(", ")})`,
  );
  return `no baseline tables found: looked for ${wanted.join(", ")}; header cells match in any order and case`;
}

export { readBaselineRow } from "./read-baseline-rows.js";
export type { ParsedRow } from "./read-baseline-rows.js";
