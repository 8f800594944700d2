import type { PolicyBinding } from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import { serializePartialGroup, serializePartialUser } from "./serialize-partials.js";
import { serializePolicy } from "./serialize-policy.js";
import type { SimulatorBinding } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/** `expires`/`expiring` (2026.8) are absent on older versions. */
export type VersionedWirePolicyBinding = Omit<Wire<PolicyBinding>, "expires" | "expiring"> &
  Partial<Pick<Wire<PolicyBinding>, "expires" | "expiring">>;

export function serializeBinding(index: StateIndex, binding: SimulatorBinding): VersionedWirePolicyBinding {
  const group = binding.group === undefined ? undefined : index.groupsByPk.get(binding.group);
  const user = binding.user === undefined ? undefined : index.usersByUsername.get(binding.user);
  const policy = binding.policy === undefined ? undefined : index.policiesByPk.get(binding.policy);
  const wire = {
    pk: binding.pk,
    policy: policy?.pk ?? null,
    group: group?.pk ?? null,
    user: user?.pk ?? null,
    policy_obj: policy ? serializePolicy(index, policy) : null,
    group_obj: group ? serializePartialGroup(group) : null,
    user_obj: user ? serializePartialUser(user) : null,
    target: binding.target,
    negate: binding.negate ?? false,
    enabled: binding.enabled ?? true,
    order: binding.order ?? 0,
    timeout: binding.timeout ?? 30,
    failure_result: binding.failure_result ?? false,
    expires: binding.expires ?? null,
    expiring: binding.expires != null,
  } satisfies Wire<PolicyBinding>;
  const versioned: VersionedWirePolicyBinding = wire;
  if (!index.features.expiringBindings) {
    delete versioned.expires;
    delete versioned.expiring;
  }
  return versioned;
}
