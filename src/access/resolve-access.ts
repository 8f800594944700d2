import type { AccessState } from "../snapshot/index.js";
import { createAccessEvaluator } from "./create-access-evaluator.js";
import type { AccessOptions } from "./create-access-evaluator.js";
import { isServiceAccount } from "./is-service-account.js";
import type { AccessMatrix, ApplicationAccess } from "./types.js";

/** Who can sign in to which application: the `access --format json` document (PRODUCT.md section 6). */
export function resolveAccess(state: AccessState, options: AccessOptions = {}): AccessMatrix {
  const evaluator = createAccessEvaluator(state, options);
  const users = new Map(state.users.map((user) => [user.pk, user]));
  const toSortedUsernames = (pks: ReadonlySet<number>, serviceAccounts: boolean): string[] =>
    [...pks]
      .filter((pk) => {
        const user = users.get(pk);
        return (user !== undefined && isServiceAccount(user)) === serviceAccounts;
      })
      .map((pk) => users.get(pk)?.username ?? String(pk))
      .sort(compareText);

  const applications = [...state.applications]
    .sort((a, b) => compareText(a.slug, b.slug))
    .map((app): ApplicationAccess => {
      const sets = evaluator.application(app.pk);
      // When the default decides, one word says it all; listing every active user would bury it.
      if (sets.everyone !== null) {
        return {
          slug: app.slug,
          name: app.name,
          everyone: sets.everyone,
          allow: [],
          indeterminate: [],
          serviceAccounts: { allow: [], indeterminate: [] },
        };
      }
      return {
        slug: app.slug,
        name: app.name,
        everyone: null,
        allow: toSortedUsernames(sets.allow, false),
        indeterminate: toSortedUsernames(sets.indeterminate, false),
        serviceAccounts: { allow: toSortedUsernames(sets.allow, true), indeterminate: toSortedUsernames(sets.indeterminate, true) },
      };
    });
  return { applications };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
