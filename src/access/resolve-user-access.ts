import type { AccessState } from "../snapshot/index.js";
import { createAccessEvaluator } from "./create-access-evaluator.js";
import type { AccessEvaluator, AccessOptions } from "./create-access-evaluator.js";
import type { UserAccess } from "./types.js";

/**
 * One user's verdict on every application, deny included, with what decided it (`access --user NAME`).
 * Null when no user has that exact username; authentik usernames are case-sensitive.
 */
export function resolveUserAccess(
  state: AccessState,
  username: string,
  options: AccessOptions & { evaluator?: AccessEvaluator } = {},
): UserAccess | null {
  const user = state.users.find((candidate) => candidate.username === username);
  if (!user) return null;
  const evaluator = options.evaluator ?? createAccessEvaluator(state, options);
  const applications = [...state.applications]
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
    .map((app) => ({ slug: app.slug, ...evaluator.decide(user.pk, app.pk) }));
  return { username: user.username, applications };
}
