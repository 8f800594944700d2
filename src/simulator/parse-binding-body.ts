import { randomUUID } from "node:crypto";
import type { StateIndex } from "./create-state-index.js";
import {
  type FieldErrors,
  type FieldResult,
  fail,
  nullMessage,
  parseBoolean,
  parseInteger,
  parseIntegerReference,
  parseUuidReference,
  requiredMessage,
} from "./drf-fields.js";
import type { SimulatorBinding } from "./simulator-state.js";

export type BindingBodyResult = { ok: true; binding: SimulatorBinding } | { ok: false; errors: FieldErrors };

/**
 * PolicyBindingSerializer: field errors first (`target` and `order` required on a create), then the
 * (policy, target, order) uniqueness, then "exactly one of group, policy, user". With `existing`, a
 * partial update: absent fields keep their value, and the result is a new object to assign.
 */
export function parseBindingBody(
  index: StateIndex,
  body: Record<string, unknown>,
  existing: SimulatorBinding | null = null,
): BindingBodyResult {
  const errors: FieldErrors = {};
  const creating = existing === null;
  const field = <T>(name: string, required: boolean, nullable: boolean, parse: (v: unknown) => FieldResult<T>): T | null | undefined => {
    const raw = body[name];
    if (raw === undefined) {
      if (required) errors[name] = [requiredMessage];
      return undefined;
    }
    if (raw === null) {
      if (!nullable) errors[name] = [nullMessage];
      return null;
    }
    const parsed = parse(raw);
    if (!parsed.ok) {
      errors[name] = [parsed.error];
      return undefined;
    }
    return parsed.value;
  };

  const target = field("target", creating, false, (v) => parseUuidReference(v, (pk) => index.applicationsByPk.has(pk)));
  const order = field("order", creating, false, (v) => int32(parseInteger(v), -2147483648));
  const group = field("group", false, true, (v) => parseUuidReference(v, (pk) => index.groupsByPk.has(pk)));
  const user = field("user", false, true, (v) => parseIntegerReference(v, (pk) => index.usersByPk.get(pk)));
  const policy = field("policy", false, true, (v) => parseUuidReference(v, (pk) => index.policiesByPk.has(pk)));
  const enabled = field("enabled", false, false, parseBoolean);
  const negate = field("negate", false, false, parseBoolean);
  const failureResult = field("failure_result", false, false, parseBoolean);
  const timeout = field("timeout", false, false, (v) => int32(parseInteger(v), 0));
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  // A sent null clears the subject; an absent one keeps the existing value.
  const pick = <T>(sent: T | null | undefined, kept: T | undefined): T | undefined => (sent === undefined ? kept : (sent ?? undefined));
  const merged = {
    target: target ?? existing?.target,
    order: order ?? existing?.order ?? 0,
    group: pick(group, existing?.group),
    user: pick(user === undefined || user === null ? user : user.username, existing?.user),
    policy: pick(policy, existing?.policy),
  };
  if (merged.target === undefined) return { ok: false, errors: { target: [requiredMessage] } };
  const clash = index.state.bindings.some(
    (b) => b !== existing && b.policy === merged.policy && b.target === merged.target && (b.order ?? 0) === merged.order,
  );
  if (merged.policy !== undefined && clash) {
    return { ok: false, errors: { non_field_errors: ["The fields policy, target, order must make a unique set."] } };
  }
  const subjects = [merged.group, merged.user, merged.policy].filter((s) => s !== undefined).length;
  if (subjects > 1) return { ok: false, errors: { non_field_errors: ["Only one of 'group', 'policy', 'user' can be set."] } };
  if (subjects === 0) return { ok: false, errors: { non_field_errors: ["One of 'group', 'policy', 'user' must be set."] } };

  const binding: SimulatorBinding = { pk: existing?.pk ?? randomUUID(), target: merged.target, order: merged.order };
  if (merged.group !== undefined) binding.group = merged.group;
  if (merged.user !== undefined) binding.user = merged.user;
  if (merged.policy !== undefined) binding.policy = merged.policy;
  binding.enabled = enabled ?? existing?.enabled ?? true;
  binding.negate = negate ?? existing?.negate ?? false;
  binding.timeout = timeout ?? existing?.timeout ?? 30;
  binding.failure_result = failureResult ?? existing?.failure_result ?? false;
  if (existing?.expires !== undefined) binding.expires = existing.expires;
  return { ok: true, binding };
}

/** An IntegerField on a 32-bit column: DRF's min/max validators with their wording. */
function int32(parsed: FieldResult<number>, min: number): FieldResult<number> {
  if (!parsed.ok) return parsed;
  if (parsed.value < min) return fail(`Ensure this value is greater than or equal to ${min}.`);
  if (parsed.value > 2147483647) return fail("Ensure this value is less than or equal to 2147483647.");
  return parsed;
}
