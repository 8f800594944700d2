import type { GenericError, ValidationError } from "@goauthentik/api";
import type { Context } from "hono";
import type { SimulatorEnv } from "./route-context.js";
import { pythonTypeName } from "./drf-fields.js";
import { jsonResponse } from "./route-context.js";
import type { Wire } from "./wire.js";

export type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; response: Response };

/**
 * The request body as DRF's JSONParser and a serializer see it: empty means `{}`, broken JSON is
 * a 400 "JSON parse error", and anything but an object is "Invalid data".
 */
export async function readJsonObject(c: Context<SimulatorEnv>): Promise<BodyResult> {
  const text = await c.req.text();
  if (text.trim() === "") return { ok: true, value: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const parseError = { detail: `JSON parse error - ${(error as Error).message}` } satisfies Wire<GenericError>;
    return { ok: false, response: jsonResponse(parseError, 400) };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    const errors = {
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(json)}.`],
    } satisfies Wire<ValidationError>;
    return { ok: false, response: jsonResponse(errors, 400) };
  }
  return { ok: true, value: json as Record<string, unknown> };
}
