import type { BaselineProblem } from "./types.js";

/** `file:line: message`, the shape editors and CI annotations jump to. */
export function formatBaselineProblem(problem: BaselineProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}
