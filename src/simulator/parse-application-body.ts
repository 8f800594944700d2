import { type FieldErrors, fail, nullMessage, parseString } from "./drf-fields.js";
import type { SimulatorApplication } from "./simulator-state.js";

export type ApplicationChanges = Partial<Pick<SimulatorApplication, "name" | "policy_engine_mode">>;

export type ApplicationBodyResult = { ok: true; value: ApplicationChanges } | { ok: false; errors: FieldErrors };

/**
 * The part of ApplicationSerializer a partial update of access needs: `name` and
 * `policy_engine_mode` (a ChoiceField). Other fields are accepted and ignored, as the simulator does
 * not store them.
 */
export function parseApplicationBody(body: Record<string, unknown>): ApplicationBodyResult {
  const errors: FieldErrors = {};
  const value: ApplicationChanges = {};
  if (body.name !== undefined) {
    const name = body.name === null ? fail(nullMessage) : parseString(body.name, false);
    if (!name.ok) errors.name = [name.error];
    else value.name = name.value;
  }
  if (body.policy_engine_mode !== undefined) {
    const mode = body.policy_engine_mode;
    if (mode === "any" || mode === "all") value.policy_engine_mode = mode;
    else errors.policy_engine_mode = [`"${typeof mode === "string" ? mode : JSON.stringify(mode)}" is not a valid choice.`];
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
