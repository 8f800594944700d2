/**
 * The root of the project's few typed errors. `code` decides the CLI exit code and the HTTP status;
 * the message says what failed, where, the offending value and what was expected, and never carries
 * a token or an Authorization header.
 */
export type AuditorErrorCode =
  | "authentik-api"
  | "authentik-network"
  | "authentik-schema"
  | "baseline"
  | "config"
  | "output"
  | "read-only"
  | "snapshot"
  | "usage";

export class AuditorError extends Error {
  readonly code: AuditorErrorCode;

  constructor(code: AuditorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
