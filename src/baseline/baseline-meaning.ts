import type { Baseline, BaselineBinding } from "./types.js";

/**
 * What a baseline says, as one canonical string: the same for two runbooks whose tables differ only in
 * formatting, row order, line numbers or placeholders, so `report --inject --check` fails only when the
 * tables' meaning is stale. A pk placeholder (`*(existing)*`) and a pinned pk differ: one pins, one does not.
 */
export function describeBaselineMeaning(baseline: Baseline): string {
  const sorted = <T>(items: readonly T[]): string[] => items.map((item) => JSON.stringify(item)).sort();
  return JSON.stringify({
    groups: sorted(
      baseline.groups.map((group) => [
        group.name,
        group.pk.toLowerCase(),
        [...group.members].sort(),
        group.isSuperuser,
        [...group.parents].sort(),
      ]),
    ),
    bindings: sorted(baseline.bindings.map(bindingMeaning)),
    unbound: sorted(baseline.unbound.map((app) => [app.slug, app.application, app.reason])),
    acceptances: sorted(baseline.acceptances.map((acceptance) => [acceptance.finding, acceptance.reason, acceptance.until])),
  });
}

function bindingMeaning(binding: BaselineBinding): unknown[] {
  const expires = binding.expires === null ? null : new Date(binding.expires).toISOString();
  return [
    binding.slug,
    binding.application,
    binding.target,
    binding.bindingPk,
    binding.enabled,
    binding.negate,
    expires,
    binding.policyEngineMode ?? "any",
  ];
}
