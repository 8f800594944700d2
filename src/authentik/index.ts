export { createAuthentikClient, DEFAULT_MAX_RESPONSE_BYTES, normaliseBaseUrl } from "./create-authentik-client.js";
export type {
  ApiRequestRecord,
  AuthentikClient,
  AuthentikClientOptions,
  ClientLogger,
  HttpMethod,
  ListResult,
  RequestOptions,
  SendOptions,
} from "./client-types.js";
export { AuthentikApiError, formatFieldErrors } from "./authentik-api-error.js";
export type { AuthentikFailure } from "./authentik-api-error.js";
export * from "./schema.js";
