import { createAccessEvaluator } from "../access/index.js";
import type { Baseline } from "../baseline/index.js";
import type { Snapshot } from "../snapshot/index.js";
import { createDiffContext } from "./create-diff-context.js";
import { diffAccess } from "./diff-access.js";
import { diffApplications } from "./diff-applications.js";
import { documentApplications } from "./document-applications.js";
import { diffGroups } from "./diff-groups.js";
import { diffSuperuserAccess } from "./diff-superuser-access.js";
import { expectedState } from "./expected-state.js";
import { sortFindings } from "./sort-findings.js";
import type { DiffResult, Severity } from "./types.js";

/** The drift between the runbook's tables and a snapshot: findings, and what they mean for people (PRODUCT.md 5). Pure. */
export function diffBaseline(baseline: Baseline, snapshot: Snapshot): DiffResult {
  const context = createDiffContext(baseline, snapshot);
  const findings = sortFindings([...diffGroups(context), ...diffApplications(context), ...diffSuperuserAccess(context)]);

  const expected = createAccessEvaluator(expectedState(baseline, snapshot));
  const documentedSlugs = new Set(documentApplications(context.baseline).keys());
  const accessChanges = diffAccess(context, expected, documentedSlugs);

  const summary: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.severity] += 1;
  return {
    inSync: summary.critical === 0 && summary.warning === 0 && accessChanges.length === 0,
    summary,
    findings,
    accessChanges,
  };
}
