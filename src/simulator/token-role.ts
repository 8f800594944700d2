import type { UserSelfRoles } from "@goauthentik/api";
import type { SimulatorState, SimulatorToken } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/**
 * authentik grants global permissions through roles; the simulator gives each token with global
 * permissions one role holding exactly those, named after its owner. Its pk is fixed by the token's
 * place in the state, so responses stay deterministic.
 */
export function tokenRole(state: SimulatorState, token: SimulatorToken): Wire<UserSelfRoles> | null {
  if (!token.permissions || token.permissions.length === 0) return null;
  const position = state.tokens.indexOf(token);
  return { pk: `00000000-0000-4000-a000-${position.toString(16).padStart(12, "0")}`, name: `${token.user} (token role ${position})` };
}

/** The token whose role has this pk, if any. */
export function findTokenByRole(state: SimulatorState, rolePk: string): SimulatorToken | undefined {
  return state.tokens.find((token) => tokenRole(state, token)?.pk === rolePk);
}
