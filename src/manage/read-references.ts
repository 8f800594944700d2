import { ApiExpressionPolicy, ApiUser, AuthentikApiError } from "../authentik/index.js";
import type { AuthentikClient } from "../authentik/index.js";
import type { Baseline } from "../baseline/index.js";
import type { SnapshotUser } from "../snapshot/index.js";

/**
 * Users by exact username, one `GET /core/users/?username=` each: an exact, case-sensitive filter, where
 * the runbook's `?search=` is fuzzy and takes the first hit (SEMANTICS.md section 4). The answer is
 * checked again here, so a server that ignored the filter cannot slip another user in.
 */
export async function lookupUsers(
  client: AuthentikClient,
  usernames: readonly string[],
): Promise<{ found: SnapshotUser[]; missing: string[] }> {
  const answers = await Promise.all(
    usernames.map(async (username) => {
      const { items } = await client.list("/core/users/", ApiUser, { query: { username, include_groups: false, include_roles: false } });
      return { username, user: items.find((item) => item.username === username) };
    }),
  );
  const found: SnapshotUser[] = [];
  const missing: string[] = [];
  for (const { username, user } of answers) {
    if (!user) missing.push(username);
    else {
      found.push({
        pk: user.pk,
        username: user.username,
        name: user.name,
        isActive: user.is_active,
        isSuperuser: user.is_superuser,
        type: user.type ?? "internal",
      });
    }
  }
  return { found, missing };
}

export type ExpressionPolicyMentions = { readable: true; policies: { pk: string; name: string }[] } | { readable: false; reason: string };

/**
 * The expression policies whose source contains `name`: the references a group rename leaves behind
 * (an expression such as `ak_is_group_member(request.user, name="media-users")` looks groups up by name).
 * A token that may not read them gets an answer that says so, not an error: the rename itself can go on.
 */
export async function findExpressionPolicyMentions(client: AuthentikClient, name: string): Promise<ExpressionPolicyMentions> {
  try {
    const { items } = await client.list("/policies/expression/", ApiExpressionPolicy);
    const policies = items
      .filter((policy) => policy.expression.includes(name))
      .map(({ pk, name: policyName }) => ({ pk, name: policyName }));
    return { readable: true, policies };
  } catch (error) {
    if (error instanceof AuthentikApiError && error.status === 403) {
      return { readable: false, reason: "the token's user lacks authentik_policies_expression.view_expressionpolicy" };
    }
    throw error;
  }
}

/** The lines of the runbook's tables that name a group: its row, the rows naming it as a parent, its binding rows. */
export function findRunbookReferences(baseline: Baseline, groupName: string): number[] {
  const lines = [
    ...baseline.groups.filter((group) => group.name === groupName || group.parents.includes(groupName)).map((group) => group.line),
    ...baseline.bindings
      .filter((binding) => binding.target.kind === "group" && binding.target.name === groupName)
      .map((binding) => binding.line),
  ];
  return [...new Set(lines)].sort((a, b) => a - b);
}
