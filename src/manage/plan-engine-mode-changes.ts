import type { PlanContext } from "./plan-context.js";
import type { Change } from "./types.js";

/**
 * The policy engine mode of each documented application that has bindings in the desired state. An app
 * without bindings is decided by the tenant default whatever its mode, so its mode is left alone.
 */
export function planEngineModeChanges(context: PlanContext): Change[] {
  const changes: Change[] = [];
  const liveAppsByPk = new Map(context.live.applications.map((app) => [app.pk, app]));
  for (const desiredApp of context.desired.applications) {
    const liveApp = liveAppsByPk.get(desiredApp.pk);
    if (!liveApp || liveApp.policyEngineMode === desiredApp.policyEngineMode) continue;
    if (!context.desired.bindings.some((binding) => binding.target === desiredApp.pk)) continue;
    changes.push({
      kind: "set-engine-mode",
      application: { slug: liveApp.slug, name: liveApp.name, pk: liveApp.pk },
      mode: desiredApp.policyEngineMode,
      previous: liveApp.policyEngineMode,
    });
  }
  return changes;
}
