import { AuditorError } from "../errors.js";

export interface ConfigProblem {
  /** The environment variable or flag, e.g. `AK_ACCESS_TIMEOUT_MS`. */
  key: string;
  /** The offending value, already redacted for secrets. */
  value: string;
  expected: string;
}

/** Every configuration problem at once: `KEY="value": expected ...`, one per line. */
export class ConfigError extends AuditorError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const lines = problems.map((p) => `${p.key}=${JSON.stringify(p.value)}: expected ${p.expected}`);
    super("config", `invalid configuration:\n  ${lines.join("\n  ")}`);
    this.problems = problems;
  }
}
