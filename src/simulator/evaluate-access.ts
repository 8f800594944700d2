import type { StateIndex } from "./create-state-index.js";
import type { SimulatorApplication, SimulatorBinding, SimulatorUser } from "./simulator-state.js";

export interface AccessEvaluation {
  passing: boolean;
  /** What the policies said: authentik's dummy policy answers "dummy" whatever its result. */
  messages: string[];
}

/**
 * authentik's policy engine for one application and one user (SEMANTICS.md section 3): only
 * enabled, unexpired bindings count, in `order`; none → the tenant default; group bindings match
 * direct and inherited members; `negate` flips; `any`/`all` combine. Superusers get no exemption.
 * `user` is null for an anonymous request, which no group or user binding matches.
 */
export function evaluateAccess(
  index: StateIndex,
  application: SimulatorApplication,
  user: SimulatorUser | null,
  now: Date,
): AccessEvaluation {
  const bindings = index
    .bindingsOf(application.pk)
    .filter((binding) => isEffective(index, binding, now))
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));

  if (bindings.length === 0) return { passing: defaultAccess(index), messages: [] };

  const groups = user ? index.allGroupPksOf(user.username) : new Set<string>();
  const staticResults: boolean[] = [];
  const policyResults: boolean[] = [];
  const messages: string[] = [];
  for (const binding of bindings) {
    let passing: boolean;
    if (binding.group !== undefined) {
      passing = groups.has(binding.group);
    } else if (binding.user !== undefined) {
      passing = user !== null && user.username === binding.user;
    } else {
      const policy = binding.policy === undefined ? undefined : index.policiesByPk.get(binding.policy);
      passing = policy ? ((user ? policy.results?.[user.username] : undefined) ?? policy.result) : false;
      if (policy) messages.push("dummy");
    }
    if (binding.negate === true) passing = !passing;
    if (binding.group !== undefined || binding.user !== undefined) staticResults.push(passing);
    else policyResults.push(passing);
  }

  const mode = application.policy_engine_mode ?? "any";
  const results = [...policyResults];
  if (staticResults.length > 0) {
    // Since 2025.8 group and user bindings are counted in one query and become a single result.
    const passingCount = staticResults.filter(Boolean).length;
    const staticPassing = mode === "any" || index.features.allModeStaticBug ? passingCount > 0 : passingCount === staticResults.length;
    results.push(staticPassing);
  }
  const passing = mode === "all" ? results.every(Boolean) : results.some(Boolean);
  return { passing, messages };
}

/** Enabled, and on 2026.8 and later not past its `expires`. An expired binding counts as absent. */
export function isEffective(index: StateIndex, binding: SimulatorBinding, now: Date): boolean {
  if (binding.enabled === false) return false;
  if (!index.features.expiringBindings || binding.expires == null) return true;
  return Date.parse(binding.expires) > now.getTime();
}

/** What an app without effective bindings does: open, unless 2026.5+ and the tenant flag says no. */
export function defaultAccess(index: StateIndex): boolean {
  if (!index.features.defaultAppAccessFlag) return true;
  return index.state.settings?.flags?.core_default_app_access ?? true;
}
