import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A secret value (an API token) that cannot leak by accident: string conversion, JSON, util.inspect
 * and pino all print `[redacted]`. Only `reveal()` gives the value, at the one place it is sent.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
