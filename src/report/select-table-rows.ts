import type { AccessEvaluator } from "../access/index.js";
import type { Baseline } from "../baseline/index.js";
import type { Snapshot, SnapshotApplication, SnapshotBinding, SnapshotGroup } from "../snapshot/index.js";
import { compareNames } from "./compare-names.js";

/** The live state as the runbook's three tables can say it, in table order, not yet escaped. */
export interface TableRows {
  groups: SnapshotGroup[];
  bindings: BindingRow[];
  unbound: UnboundRow[];
  /** Group bindings in force that could not get a row: a second binding of the same pair, or a group the snapshot lacks. */
  leftOver: SnapshotBinding[];
}

export interface BindingRow {
  application: SnapshotApplication;
  group: SnapshotGroup;
  binding: SnapshotBinding;
}

export interface UnboundRow {
  application: SnapshotApplication;
  /** The runbook's reason for this slug, or "" when it has none. */
  reason: string;
}

/**
 * Selects and orders the rows. With a baseline, rows that still exist keep the baseline's order (so that
 * an unchanged state reproduces the runbook's tables byte for byte) and new rows follow, sorted; without
 * one, everything is sorted by name, case-insensitively.
 */
export function selectTableRows(snapshot: Snapshot, baseline: Baseline | null, evaluator: AccessEvaluator): TableRows {
  const groups = orderGroups(snapshot.groups, baseline);
  const { bindings, leftOver } = selectBindingRows(snapshot, baseline, evaluator, groups);
  const unbound = selectUnboundRows(snapshot, baseline, evaluator);
  return { groups: groups.ordered, bindings, unbound, leftOver };
}

interface OrderedGroups {
  ordered: SnapshotGroup[];
  /** Documented group name to the live group it was matched to. */
  liveByDocumentedName: ReadonlyMap<string, SnapshotGroup>;
  liveByPk: ReadonlyMap<string, SnapshotGroup>;
}

/** Documented groups match live ones by pk (a rename keeps it), then by name among the rest (a group recreated). */
function orderGroups(live: readonly SnapshotGroup[], baseline: Baseline | null): OrderedGroups {
  const liveByPk = new Map(live.map((group) => [group.pk.toLowerCase(), group]));
  const taken = new Set<SnapshotGroup>();
  const documented = baseline?.groups ?? [];
  const matches: (SnapshotGroup | undefined)[] = documented.map((row) => {
    const candidate = liveByPk.get(row.pk.toLowerCase());
    if (!candidate || taken.has(candidate)) return undefined;
    taken.add(candidate);
    return candidate;
  });
  documented.forEach((row, index) => {
    if (matches[index]) return;
    const candidate = live.find((group) => group.name === row.name && !taken.has(group));
    if (!candidate) return;
    taken.add(candidate);
    matches[index] = candidate;
  });

  const liveByDocumentedName = new Map<string, SnapshotGroup>();
  documented.forEach((row, index) => {
    const match = matches[index];
    if (match && !liveByDocumentedName.has(row.name)) liveByDocumentedName.set(row.name, match);
  });
  const rest = live.filter((group) => !taken.has(group)).sort((a, b) => compareNames(a.name, b.name) || compareNames(a.pk, b.pk));
  const ordered = [...matches.filter((group): group is SnapshotGroup => group !== undefined), ...rest];
  return { ordered, liveByDocumentedName, liveByPk };
}

function selectBindingRows(
  snapshot: Snapshot,
  baseline: Baseline | null,
  evaluator: AccessEvaluator,
  groups: OrderedGroups,
): { bindings: BindingRow[]; leftOver: SnapshotBinding[] } {
  const candidates: BindingRow[] = [];
  const leftOver: SnapshotBinding[] = [];
  for (const application of snapshot.applications) {
    for (const binding of evaluator.bindingsInForce(application.pk)) {
      if (binding.kind !== "group" || binding.negate) continue;
      const group = groups.liveByPk.get((binding.group ?? "").toLowerCase());
      if (group) candidates.push({ application, group, binding });
      else leftOver.push(binding);
    }
  }

  // The tables allow one row per app and group: a second binding of the same pair goes to the notices.
  const claimed = new Set<BindingRow>();
  const claimedPairs = new Set<string>();
  const claim = (row: BindingRow): void => {
    claimed.add(row);
    claimedPairs.add(pairKey(row.application.slug, row.group.pk));
  };

  const documented = baseline?.bindings ?? [];
  const matches: (BindingRow | undefined)[] = documented.map((row) => {
    if (row.bindingPk === null) return undefined;
    const pinned = row.bindingPk.toLowerCase();
    const match = candidates.find(
      (candidate) =>
        !claimed.has(candidate) &&
        candidate.binding.pk.toLowerCase() === pinned &&
        !claimedPairs.has(pairKey(candidate.application.slug, candidate.group.pk)),
    );
    if (match) claim(match);
    return match;
  });
  documented.forEach((row, index) => {
    if (matches[index]) return;
    const group = groups.liveByDocumentedName.get(row.group);
    if (!group || claimedPairs.has(pairKey(row.slug, group.pk))) return;
    const match = candidates.find(
      (candidate) => !claimed.has(candidate) && candidate.application.slug === row.slug && candidate.group === group,
    );
    if (!match) return;
    claim(match);
    matches[index] = match;
  });

  const rest: BindingRow[] = [];
  for (const candidate of candidates) {
    if (claimed.has(candidate)) continue;
    if (claimedPairs.has(pairKey(candidate.application.slug, candidate.group.pk))) {
      leftOver.push(candidate.binding);
      continue;
    }
    claim(candidate);
    rest.push(candidate);
  }
  rest.sort(
    (a, b) =>
      compareNames(a.application.name, b.application.name) ||
      compareNames(a.application.slug, b.application.slug) ||
      compareNames(a.group.name, b.group.name) ||
      compareNames(a.binding.pk, b.binding.pk),
  );
  return { bindings: [...matches.filter((row): row is BindingRow => row !== undefined), ...rest], leftOver };
}

function selectUnboundRows(snapshot: Snapshot, baseline: Baseline | null, evaluator: AccessEvaluator): UnboundRow[] {
  const reasons = new Map<string, string>();
  for (const row of baseline?.unbound ?? []) if (!reasons.has(row.slug)) reasons.set(row.slug, row.reason);
  const unbound = snapshot.applications
    .filter((application) => evaluator.bindingsInForce(application.pk).length === 0)
    .map((application) => ({ application, reason: reasons.get(application.slug) ?? "" }));

  const documentedOrder = new Map<string, number>();
  (baseline?.unbound ?? []).forEach((row, index) => {
    if (!documentedOrder.has(row.slug)) documentedOrder.set(row.slug, index);
  });
  return unbound.sort((a, b) => {
    const left = documentedOrder.get(a.application.slug);
    const right = documentedOrder.get(b.application.slug);
    if (left !== undefined && right !== undefined) return left - right;
    if (left !== undefined) return -1;
    if (right !== undefined) return 1;
    return compareNames(a.application.name, b.application.name) || compareNames(a.application.slug, b.application.slug);
  });
}

function pairKey(slug: string, groupPk: string): string {
  return JSON.stringify([slug, groupPk.toLowerCase()]);
}
