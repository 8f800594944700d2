import type { ExpressionPolicy, Policy, PolicyTestResult } from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import type { SimulatorPolicy } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/** A policy as a binding's `policy_obj` embeds it: an expression policy, else a dummy one. */
export function serializePolicy(index: StateIndex, policy: SimulatorPolicy): Wire<Policy> {
  if (policy.expression !== undefined) {
    const { expression: _expression, ...base } = serializeExpressionPolicy(index, policy);
    return base satisfies Wire<Policy>;
  }
  return {
    pk: policy.pk,
    name: policy.name,
    execution_logging: false,
    component: "ak-policy-dummy-form",
    verbose_name: "Dummy Policy",
    verbose_name_plural: "Dummy Policies",
    meta_model_name: "authentik_policies_dummy.dummypolicy",
    bound_to: index.policyBindingCount(policy.pk),
  } satisfies Wire<Policy>;
}

/** A policy with an `expression`, as `/policies/expression/` serves it. */
export function serializeExpressionPolicy(index: StateIndex, policy: SimulatorPolicy): Wire<ExpressionPolicy> {
  return {
    pk: policy.pk,
    name: policy.name,
    execution_logging: false,
    component: "ak-policy-expression-form",
    verbose_name: "Expression Policy",
    verbose_name_plural: "Expression Policies",
    meta_model_name: "authentik_policies_expression.expressionpolicy",
    bound_to: index.policyBindingCount(policy.pk),
    expression: policy.expression ?? "",
  } satisfies Wire<ExpressionPolicy>;
}

/** `check_access`'s answer. */
export function serializePolicyTestResult(passing: boolean, messages: string[]): Wire<PolicyTestResult> {
  return { passing, messages, log_messages: [] } satisfies Wire<PolicyTestResult>;
}
