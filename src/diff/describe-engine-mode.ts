import type { SnapshotApplication } from "../snapshot/index.js";
import type { DiffContext } from "./create-diff-context.js";

/**
 * What an app's policy engine mode really does on the audited authentik: from 2025.8.0 to 2025.12.4,
 * `all` works like `any` for group and user bindings (SEMANTICS.md section 3), so the same setting
 * means one thing today and another after an upgrade.
 */
export function describeEngineMode(live: SnapshotApplication, documentedMode: "any" | "all", context: DiffContext): string {
  const version = context.snapshot.source.authentikVersion ?? "this authentik";
  const stated = `${live.name}'s policy engine mode is "${live.policyEngineMode}", but the runbook says "${documentedMode}"`;
  if (live.policyEngineMode === "all") {
    if (context.allModeBug) {
      return `${stated}; on authentik ${version}, "all" works like "any" for group and user bindings (one passing binding is enough), but from 2025.12.5 and 2026.2.0 on a user must pass every one of them`;
    }
    return `${stated}, so a user must pass every one of its bindings, not just one`;
  }
  return `${stated}, so one passing binding is enough where the runbook expects every one to pass`;
}
