import type { AccessState } from "../snapshot/index.js";
import { createAccessEvaluator } from "./create-access-evaluator.js";
import type { AccessEvaluator, AccessOptions } from "./create-access-evaluator.js";
import { isServiceAccount } from "./is-service-account.js";
import type { AccessMatrix, ApplicationAccess } from "./types.js";
import { compareText } from "../text/index.js";

export interface ResolveAccessOptions extends AccessOptions {
  /** The evaluator of this very state, when the caller has one already (the service keeps it with the audit). */
  evaluator?: AccessEvaluator;
  /** Only the application with this slug (`access --app`, `/access.json?app=`). */
  slug?: string;
}

/** Who can sign in to which application: the `access --format json` document (PRODUCT.md section 6). */
export function resolveAccess(state: AccessState, options: ResolveAccessOptions = {}): AccessMatrix {
  const evaluator = options.evaluator ?? createAccessEvaluator(state, options);
  const users = new Map(state.users.map((user) => [user.pk, user]));
  const toSortedUsernames = (pks: ReadonlySet<number>, serviceAccounts: boolean): string[] =>
    [...pks]
      .filter((pk) => {
        const user = users.get(pk);
        return (user !== undefined && isServiceAccount(user)) === serviceAccounts;
      })
      .map((pk) => users.get(pk)?.username ?? String(pk))
      .sort(compareText);

  const applications = state.applications
    .filter((app) => options.slug === undefined || app.slug === options.slug)
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
