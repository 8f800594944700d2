import type { SnapshotBinding } from "../snapshot/index.js";

/**
 * Whether authentik counts this binding at `takenAt`: it must be enabled and, on authentik >= 2026.8,
 * not expired. authentik filters disabled bindings out before evaluating anything, and an expired one
 * "no longer grants access or contributes a successful policy result", so both are treated alike.
 */
export function isBindingInForce(binding: Pick<SnapshotBinding, "enabled" | "expires">, takenAt: string): boolean {
  if (!binding.enabled) return false;
  if (binding.expires === undefined || binding.expires === null) return true;
  return !(Date.parse(binding.expires) <= Date.parse(takenAt));
}
