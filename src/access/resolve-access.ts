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
  const toSortedUsernames = createUsernameSorter(state);

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
        ...splitBySort(toSortedUsernames(sets.allow), toSortedUsernames(sets.indeterminate)),
      };
    });
  return { applications };
}

interface SortedUsernames {
  people: string[];
  serviceAccounts: string[];
}

/**
 * Usernames of a set of user pks in code-point order, people apart from service accounts. Users are
 * ranked by username once, so each app sorts numbers instead of comparing strings: a 50,000-user
 * matrix sorts millions of names.
 */
function createUsernameSorter(state: AccessState): (pks: ReadonlySet<number>) => SortedUsernames {
  const ordered = [...state.users].sort((a, b) => compareText(a.username, b.username));
  const rank = new Map(ordered.map((user, index) => [user.pk, index]));
  return (pks) => {
    const ranks: number[] = [];
    const unknown: string[] = [];
    for (const pk of pks) {
      const index = rank.get(pk);
      if (index === undefined) unknown.push(String(pk));
      else ranks.push(index);
    }
    ranks.sort((a, b) => a - b);
    const people: string[] = [];
    const serviceAccounts: string[] = [];
    for (const index of ranks) {
      const user = ordered[index] as AccessState["users"][number];
      (isServiceAccount(user) ? serviceAccounts : people).push(user.username);
    }
    // A pk without a user (an incomplete snapshot) is named by its number, among the people.
    if (unknown.length > 0) {
      people.push(...unknown);
      people.sort(compareText);
    }
    return { people, serviceAccounts };
  };
}

function splitBySort(
  allow: SortedUsernames,
  indeterminate: SortedUsernames,
): Pick<ApplicationAccess, "allow" | "indeterminate" | "serviceAccounts"> {
  return {
    allow: allow.people,
    indeterminate: indeterminate.people,
    serviceAccounts: { allow: allow.serviceAccounts, indeterminate: indeterminate.serviceAccounts },
  };
}
