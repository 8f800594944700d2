import { AuditorError } from "../errors.js";

export type AuthentikFailure = "status" | "network" | "timeout" | "tls" | "schema" | "too-large" | "read-only";

export interface AuthentikApiErrorDetails {
  method: string;
  /** The route template, e.g. `/core/groups/{pk}/add_user/`: never a query string. */
  route: string;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  failure: AuthentikFailure;
  /** authentik's `detail` (or a short excerpt of the body) when it sent one. */
  detail?: string | undefined;
  /** A 400's validation errors by field (`non_field_errors` included), as authentik sent them. */
  fieldErrors?: Readonly<Record<string, readonly string[]>> | undefined;
  cause?: unknown;
}

const CODE_BY_FAILURE = {
  status: "authentik-api",
  network: "authentik-network",
  timeout: "authentik-network",
  tls: "authentik-network",
  schema: "authentik-schema",
  "too-large": "authentik-api",
  "read-only": "read-only",
} as const;

/**
 * Every failed call to authentik: a non-2xx answer, no answer at all, or an answer of the wrong shape.
 * The message names the method, route and what went wrong; it is built from route templates and
 * authentik's own words only, so it can never contain the token.
 */
export class AuthentikApiError extends AuditorError {
  readonly method: string;
  readonly route: string;
  readonly status: number | null;
  readonly failure: AuthentikFailure;
  readonly detail: string | undefined;
  readonly fieldErrors: Readonly<Record<string, readonly string[]>> | undefined;

  constructor(details: AuthentikApiErrorDetails, message: string) {
    super(CODE_BY_FAILURE[details.failure], message, { cause: details.cause });
    this.method = details.method;
    this.route = details.route;
    this.status = details.status;
    this.failure = details.failure;
    this.detail = details.detail;
    this.fieldErrors = details.fieldErrors;
  }
}

/** `name: "Group with this name already exists."; users: "..."`: every field error of a 400, in authentik's words. */
export function formatFieldErrors(fieldErrors: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.map((message) => JSON.stringify(message)).join(", ")}`)
    .join("; ");
}

/** The one-line explanation people need for each status authentik answers with. */
export function describeStatus(
  status: number,
  detail: string | undefined,
  fieldErrors?: Readonly<Record<string, readonly string[]>>,
): string {
  const said = detail ? `: "${detail}"` : "";
  switch (status) {
    case 400:
      if (fieldErrors && Object.keys(fieldErrors).length > 0) return `400 Bad Request: ${formatFieldErrors(fieldErrors)}`;
      return `400 Bad Request${said}`;
    case 401:
    case 403:
      // authentik answers 403, not 401, for a bad token (SEMANTICS.md section 5).
      return `${status} Forbidden${said}; the token is invalid, expired or lacks permission (a superuser token, or global view permissions on users, groups, applications and policy bindings)`;
    case 404:
      return `404 Not Found${said}`;
    case 429:
      return `429 Too Many Requests${said}; authentik is rate limiting this client`;
    default:
      return `${status}${said}`;
  }
}
