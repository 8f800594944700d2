import type { ValidationError } from "@goauthentik/api";
import { canonicalUuid, isUuid } from "./drf-fields.js";
import { booleanFilterParam, filterParam } from "./query-params.js";
import { visibleInOrder, type RouteContext } from "./route-context.js";
import type { SimulatorBinding } from "./simulator-state.js";
import type { Wire } from "./wire.js";

export type BindingFilterResult = { ok: true; bindings: SimulatorBinding[] } | { ok: false; errors: Wire<ValidationError> };

/** django-filter on PolicyBinding: `target`, `target_in`, `enabled`, `order`, `policy`, `policy__isnull`. */
export function filterBindings({ index, params }: RouteContext, visible: readonly SimulatorBinding[]): BindingFilterResult {
  const errors: Record<string, string[]> = {};
  const choiceError = "Select a valid choice. That choice is not one of the available choices.";

  const target = filterParam(params, "target");
  const targetPk = target !== undefined && isUuid(target) ? canonicalUuid(target) : undefined;
  if (target !== undefined && (targetPk === undefined || !index.applicationsByPk.has(targetPk))) errors.target = [choiceError];

  const targetIn = new Set<string>();
  for (const value of params.getAll("target_in").filter((v) => v !== "")) {
    if (!isUuid(value)) errors.target_in = [`“${value}” is not a valid value.`];
    else if (!index.applicationsByPk.has(canonicalUuid(value)))
      errors.target_in = [`Select a valid choice. ${value} is not one of the available choices.`];
    else targetIn.add(canonicalUuid(value));
  }

  const policy = filterParam(params, "policy");
  const policyPk = policy !== undefined && isUuid(policy) ? canonicalUuid(policy) : undefined;
  if (policy !== undefined && (policyPk === undefined || !index.policiesByPk.has(policyPk))) errors.policy = [choiceError];

  const order = filterParam(params, "order");
  if (order !== undefined && !Number.isFinite(Number(order))) errors.order = ["Enter a number."];

  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const enabled = booleanFilterParam(params, "enabled");
  const policyIsNull = booleanFilterParam(params, "policy__isnull");
  const bindings = visibleInOrder(visible, index.state.bindings, index.bindingsInOrder()).filter(
    (b) =>
      (targetPk === undefined || b.target === targetPk) &&
      (targetIn.size === 0 || targetIn.has(b.target)) &&
      (policyPk === undefined || b.policy === policyPk) &&
      (order === undefined || (b.order ?? 0) === Number(order)) &&
      (enabled === undefined || (b.enabled ?? true) === enabled) &&
      (policyIsNull === undefined || (b.policy === undefined) === policyIsNull),
  );
  return { ok: true, bindings };
}
