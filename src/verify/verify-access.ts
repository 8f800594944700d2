import { ApiPolicyTestResult, ApiSessionUser } from "../authentik/index.js";
import type { AuthentikClient } from "../authentik/index.js";
import { AuditorError } from "../errors.js";
import type { Snapshot } from "../snapshot/index.js";
import { compareVerdicts } from "./compare-verdicts.js";
import { createRandom } from "./create-random.js";
import { createBindingModel, selectVerifyPairs } from "./select-verify-pairs.js";
import type { AuthentikVerdict, VerifyPair, VerifyReport } from "./types.js";

export interface VerifyOptions {
  sample: number;
  seed: number;
  app?: string | undefined;
  user?: string | undefined;
  limit?: number | undefined;
  /** Requests in flight at once (the client caps it too). */
  concurrency: number;
  /** At least this long between the starts of two requests: each one runs authentik's policy engine. */
  paceMs: number;
}

export const SUPERUSER_NEEDED =
  "verify needs a superuser's token: authentik honours check_access?for_user= only for superusers, and for anyone else silently answers for the token's own user";

/**
 * Ask authentik's `check_access?for_user=` for a sample of (user, app) pairs and compare each answer
 * with the model's binding verdict. Refuses (AuditorError "usage") with a token that is not a
 * superuser's, because authentik would then answer about the wrong user without saying so.
 */
export async function verifyAccess(client: AuthentikClient, snapshot: Snapshot, options: VerifyOptions): Promise<VerifyReport> {
  const me = await client.get("/core/users/me/", ApiSessionUser);
  if (!me.user.is_superuser) throw new AuditorError("usage", `${SUPERUSER_NEEDED} (the token belongs to "${me.user.username}")`);

  const pairs = selectVerifyPairs(snapshot, {
    sample: options.sample,
    random: createRandom(options.seed),
    app: options.app,
    user: options.user,
    limit: options.limit,
  });
  const answers = await askCheckAccess(client, pairs, options);
  return compareVerdicts(pairs, answers, createBindingModel(snapshot), options.seed);
}

/** One request per pair, `concurrency` at a time and no faster than one start per `paceMs`. */
async function askCheckAccess(
  client: AuthentikClient,
  pairs: readonly VerifyPair[],
  options: Pick<VerifyOptions, "concurrency" | "paceMs">,
): Promise<Map<VerifyPair, AuthentikVerdict>> {
  const answers = new Map<VerifyPair, AuthentikVerdict>();
  let next = 0;
  let nextStartMs = performance.now();
  async function worker(): Promise<void> {
    while (next < pairs.length) {
      const pair = pairs[next++] as VerifyPair;
      const startAt = Math.max(performance.now(), nextStartMs);
      nextStartMs = startAt + options.paceMs;
      const wait = startAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const result = await client.get("/core/applications/{slug}/check_access/", ApiPolicyTestResult, {
        params: { slug: pair.slug },
        query: { for_user: pair.userPk },
      });
      answers.set(pair, { passing: result.passing, messages: result.messages ?? [] });
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, pairs.length)) }, worker));
  return answers;
}
