import type { AccessEvaluator } from "../access/index.js";
import type { Baseline } from "../baseline/index.js";
import type { Snapshot } from "../snapshot/index.js";
import { applyAcceptances } from "./apply-acceptances.js";
import { createDiffContext } from "./create-diff-context.js";
import { diffAccess } from "./diff-access.js";
import { diffApplications } from "./diff-applications.js";
import { diffGroups } from "./diff-groups.js";
import { diffSuperuserAccess } from "./diff-superuser-access.js";
import { diffUpgrade } from "./diff-upgrade.js";
import { groupAccessChanges } from "./group-access-changes.js";
import { sortFindings } from "./sort-findings.js";
import type { DiffResult, DiffSummary } from "./types.js";

/**
 * The drift between the runbook's tables and a snapshot: findings, and what they mean for people (PRODUCT.md 5). Pure.
 * `live` is the snapshot's own evaluator when the caller has built it already (the service keeps it with the result).
 */
export function diffBaseline(baseline: Baseline, snapshot: Snapshot, options: { live?: AccessEvaluator } = {}): DiffResult {
  const context = createDiffContext(baseline, snapshot, options.live);
  const { findings, accessChanges } = applyAcceptances(
    context,
    [...diffGroups(context), ...diffApplications(context), ...diffSuperuserAccess(context), ...diffUpgrade(context)],
    diffAccess(context),
  );

  const summary: DiffSummary = { critical: 0, warning: 0, info: 0, accepted: 0 };
  for (const finding of findings) {
    if (finding.accepted) summary.accepted += 1;
    else summary[finding.severity] += 1;
  }
  const counting = accessChanges.filter((change) => !change.accepted);
  return {
    inSync: summary.critical === 0 && summary.warning === 0 && counting.length === 0,
    summary,
    findings: sortFindings(findings),
    accessChanges,
    accessChangeGroups: groupAccessChanges(accessChanges),
  };
}
