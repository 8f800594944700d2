export type {
  Baseline,
  BaselineBinding,
  BaselineGroup,
  BaselineProblem,
  BaselineTableKind,
  BaselineTableLocation,
  BaselineUnboundApplication,
} from "./types.js";
export type { ParsedBaseline } from "./parse-baseline.js";
export { BaselineError } from "./baseline-error.js";
export { formatBaselineProblem } from "./format-baseline-problem.js";
export { locateBaselineTables } from "./locate-baseline-tables.js";
export { parseBaseline } from "./parse-baseline.js";
