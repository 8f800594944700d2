import { AuditorError } from "../errors.js";
import { formatBaselineProblem } from "./format-baseline-problem.js";
import type { BaselineProblem } from "./types.js";

/** A runbook that cannot be used as a baseline; the message lists every problem, one per line. */
export class BaselineError extends AuditorError {
  readonly problems: BaselineProblem[];

  constructor(problems: readonly BaselineProblem[], options?: { cause?: unknown }) {
    super("baseline", problems.map(formatBaselineProblem).join("\n"), options);
    this.problems = [...problems];
  }
}
