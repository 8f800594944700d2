import type { z } from "zod";
import { findReferenceProblems } from "./find-reference-problems.js";
import { SimulatorStateError } from "./simulator-state-error.js";
import type { SimulatorState } from "./simulator-state.js";
import { stateSchema } from "./simulator-state-schema.js";

/**
 * Checks that `input` is a servable state: the right shape (every problem, with its path) and
 * then consistent references and constraints authentik itself enforces (unique names, at most one
 * parent before 2025.12, no group cycles, exactly one binding subject). Throws
 * `SimulatorStateError` naming `source` and each offending field.
 */
export function validateSimulatorState(input: unknown, source = "<state>"): SimulatorState {
  const parsed = stateSchema.safeParse(input);
  if (!parsed.success) {
    throw new SimulatorStateError(source, parsed.error.issues.map(formatIssue));
  }
  const state: SimulatorState = parsed.data;
  const problems = findReferenceProblems(state);
  if (problems.length > 0) throw new SimulatorStateError(source, problems);
  return state;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}
