import type { AccessEvaluator } from "../access/index.js";
import type { AuthentikVerdict, SampleReason, VerifiedPair, VerifyPair, VerifyReport } from "./types.js";

const REASONS: readonly SampleReason[] = [
  "superuser",
  "nested-group",
  "negated-binding",
  "disabled-binding",
  "expiring-binding",
  "user-binding",
  "indeterminate",
  "random",
];

/**
 * Each pair's model verdict beside authentik's answer: allow/deny that matches is an agreement, one that
 * does not is a disagreement, and an indeterminate verdict (a policy decides) is resolved by the answer,
 * never counted against the model. Pure.
 */
export function compareVerdicts(
  pairs: readonly VerifyPair[],
  answers: ReadonlyMap<VerifyPair, AuthentikVerdict>,
  model: AccessEvaluator,
  seed: number,
): VerifyReport {
  const disagreements: VerifiedPair[] = [];
  const resolved: VerifiedPair[] = [];
  const reasons = Object.fromEntries(REASONS.map((reason) => [reason, 0])) as Record<SampleReason, number>;
  let agreements = 0;
  let checked = 0;
  for (const pair of pairs) {
    const answer = answers.get(pair);
    if (!answer) continue;
    checked += 1;
    for (const reason of pair.reasons) reasons[reason] += 1;
    const decision = model.decide(pair.userPk, pair.appPk);
    const verified: VerifiedPair = {
      username: pair.username,
      slug: pair.slug,
      isActive: pair.isActive,
      reasons: pair.reasons,
      model: { result: decision.result, via: decision.via },
      authentik: answer,
    };
    if (decision.result === "indeterminate") resolved.push(verified);
    else if ((decision.result === "allow") === answer.passing) agreements += 1;
    else disagreements.push(verified);
  }
  return { checked, agreements, disagreements, resolved, reasons, seed };
}
