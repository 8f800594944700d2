export type * from "./types.js";
export { createAccessEvaluator } from "./create-access-evaluator.js";
export type {
  AccessDecision,
  AccessEvaluator,
  AccessOptions,
  ApplicationAccessSets,
} from "./create-access-evaluator.js";
export { resolveAccess } from "./resolve-access.js";
export type { ResolveAccessOptions } from "./resolve-access.js";
export { resolveUserAccess } from "./resolve-user-access.js";
export { describeBinding } from "./describe-binding.js";
export type { BindingNames } from "./describe-binding.js";
export { hasAllModeBug } from "./has-all-mode-bug.js";
export { isBindingInForce } from "./is-binding-in-force.js";
export { isServiceAccount } from "./is-service-account.js";
export { countByAccountType } from "./count-by-account-type.js";
export { activeCandidatesOutside, symmetricDifference } from "./user-set.js";
