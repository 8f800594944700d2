import { AuthentikApiError } from "./authentik-api-error.js";
import type { HttpMethod } from "./client-types.js";
import { undici } from "./load-undici.js";

/** Turn undici's and Node's connection errors into one sentence a person can act on. */
export function toNetworkError(
  method: HttpMethod,
  route: string,
  /** Which page, e.g. ` (page 2)`, or "". */
  what: string,
  error: unknown,
  context: {
    timedOut: boolean;
    timeoutMs: number;
    baseUrl: string;
    /** The status line had arrived: the connection broke while the body was read. */
    midBody: boolean;
  },
): AuthentikApiError {
  const { timedOut, timeoutMs, baseUrl, midBody } = context;
  const where = `${route}${what}`;
  const base = { method, route, status: null, cause: error };
  const code = errorCode(error);
  const undiciErrors = undici().errors;
  if (
    timedOut ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new AuthentikApiError(
      { ...base, failure: "timeout" },
      `${method} ${where} timed out after ${timeoutMs} ms (AK_ACCESS_TIMEOUT_MS / --timeout-ms)`,
    );
  }
  if (code && (code.includes("CERT") || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code === "EPROTO")) {
    return new AuthentikApiError(
      { ...base, failure: "tls" },
      `TLS connection to ${baseUrl} failed: ${code}${describeCause(error)}; for a private CA, pass its bundle with AK_ACCESS_CA_FILE or --ca-file`,
    );
  }
  if (midBody) {
    return new AuthentikApiError(
      { ...base, failure: "network" },
      `${method} ${where}: the connection to ${baseUrl} broke off in the middle of the answer (${code ?? "closed"})`,
    );
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: "connection refused: is authentik running and is the URL right?",
    ENOTFOUND: "host not found: check the URL",
    EAI_AGAIN: "host name lookup failed: check the URL and DNS",
    ECONNRESET: "connection reset by the server",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    UND_ERR_SOCKET: "the server closed the connection without answering",
  };
  const reason = (code && reasons[code]) ?? `${code ?? "connection failed"}${describeCause(error)}`;
  return new AuthentikApiError({ ...base, failure: "network" }, `${method} ${where}: cannot reach ${baseUrl}: ${reason}`);
}

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_ABORTED") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  return message ? ` (${message.slice(0, 160)})` : "";
}
