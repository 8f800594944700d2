import { AuditorError } from "../errors.js";

/**
 * A simulator state that cannot be served: malformed JSON, a field of the wrong type, or a
 * reference to something that does not exist. Lists every problem at once, each prefixed with the
 * field's path (`bindings[3].group`), under the name of the file (or "<state>" for in-memory state).
 */
export class SimulatorStateError extends AuditorError {
  readonly file: string;
  readonly problems: string[];

  constructor(file: string, problems: string[], options?: { cause?: unknown }) {
    const noun = problems.length === 1 ? "problem" : "problems";
    super("config", `${file}: invalid simulator state (${problems.length} ${noun}):\n${problems.map((p) => `  ${p}`).join("\n")}`, options);
    this.file = file;
    this.problems = problems;
  }
}
