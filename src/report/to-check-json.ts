import type { DiffResult } from "../diff/index.js";
import type { AttributionSummary } from "../events/index.js";
import type { SnapshotCompleteness } from "../snapshot/index.js";

/**
 * The document `check --format json` prints (PRODUCT.md section 6), field order included: the diff,
 * what the snapshot could see, and who changed what. The service's `/diff` serves the same.
 */
export function toCheckJson(diff: DiffResult, completeness: SnapshotCompleteness, attribution: AttributionSummary | null) {
  const { inSync, summary, findings, accessChanges, accessChangeGroups } = diff;
  return { inSync, summary, completeness, attribution, findings, accessChanges, accessChangeGroups };
}
