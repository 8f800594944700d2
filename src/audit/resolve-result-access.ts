import { resolveAccess, resolveUserAccess } from "../access/index.js";
import type { AccessMatrix, UserAccess } from "../access/index.js";
import { describeKnownNames } from "../text/index.js";
import { memoizePerResult } from "./memoize-per-result.js";
import type { AuditResult } from "./types.js";

/** `access`'s `--app` and `--user`, as `/access.json?app=SLUG&user=NAME` asks them. */
export interface AccessQuery {
  app?: string | undefined;
  user?: string | undefined;
}

export type AccessAnswer = { found: true; access: AccessMatrix | UserAccess } | { found: false; error: string };

// Every user of every application by name: the costliest view of a result, and the rarest asked for.
const fullMatrix = memoizePerResult((result) => resolveAccess(result.snapshot, { evaluator: result.live }));

/**
 * Who may access what, from the result's live evaluator, as `ak-access access --format json` prints it:
 * the whole matrix (resolved on the first request for it, then kept with the result), one application's
 * entry, or one user's verdict on every application (or on one). An unknown slug or username is an
 * answer, not an error.
 */
export function resolveResultAccess(result: AuditResult, query: AccessQuery): AccessAnswer {
  const { snapshot, live } = result;
  if (query.app !== undefined && !snapshot.applications.some((app) => app.slug === query.app)) {
    const known = describeKnownNames(
      query.app,
      snapshot.applications.map((app) => app.slug),
    );
    return { found: false, error: `no application with slug ${JSON.stringify(query.app)} (${known})` };
  }
  if (query.user !== undefined) {
    const access = resolveUserAccess(snapshot, query.user, { evaluator: live });
    if (!access)
      return { found: false, error: `no user with username ${JSON.stringify(query.user)} (usernames are exact and case-sensitive)` };
    return {
      found: true,
      access: { ...access, applications: access.applications.filter((app) => query.app === undefined || app.slug === query.app) },
    };
  }
  if (query.app !== undefined) return { found: true, access: resolveAccess(snapshot, { evaluator: live, slug: query.app }) };
  return { found: true, access: fullMatrix(result) };
}
