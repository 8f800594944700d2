export type {
  Baseline,
  BaselineAcceptance,
  BaselineBinding,
  BaselineBindingTarget,
  BaselineGroup,
  BaselinePolicyEngineMode,
  BaselineProblem,
  BaselineTableKind,
  BaselineTableLocation,
  BaselineUnboundApplication,
} from "./types.js";
export type { ParsedBaseline } from "./parse-baseline.js";
export { BaselineError } from "./baseline-error.js";
export { formatBaselineProblem } from "./format-baseline-problem.js";
export { locateBaselineTables } from "./locate-baseline-tables.js";
export { parseBaseline, readBaselineRow } from "./parse-baseline.js";
export type { ParsedRow } from "./parse-baseline.js";
export { decodeCellText, encodeCellListItem, encodeCellText, splitCellList } from "./cell-text.js";
export { findBaselineTables, headerColumn } from "./find-baseline-tables.js";
export type { BaselineColumn, BaselineRow, BaselineTable } from "./find-baseline-tables.js";
export { parseStateCell } from "./parse-state-cell.js";
export type { MarkdownTable, MarkdownTableRow } from "./read-markdown-tables.js";
export { describeBaselineMeaning } from "./baseline-meaning.js";
