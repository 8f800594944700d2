import type { BaselineGroup } from "../baseline/index.js";
import type { SnapshotGroup } from "../snapshot/index.js";

export interface GroupMatch {
  documented: BaselineGroup;
  live: SnapshotGroup | null;
  /** "pk": the same group, perhaps renamed. "name": a group with the documented name but another pk, i.e. recreated. */
  matchedBy: "pk" | "name" | null;
}

export interface GroupMatching {
  /** In baseline order. */
  matches: GroupMatch[];
  /** The first documented group with each name. */
  byDocumentedName: ReadonlyMap<string, GroupMatch>;
  /** Live group pk to the documented name it was matched to. */
  documentedNameByLivePk: ReadonlyMap<string, string>;
  /** Live groups no documented group matched, in snapshot order. */
  undocumented: SnapshotGroup[];
}

/**
 * Pairs documented groups with live ones: by pk first, because a rename keeps the pk and every binding,
 * then by name among the live groups left, because a group deleted and created again keeps its name
 * but gets a new pk (and lost its bindings). A live group is matched at most once.
 */
export function matchGroups(documented: readonly BaselineGroup[], live: readonly SnapshotGroup[]): GroupMatching {
  const liveByPk = new Map<string, SnapshotGroup>();
  for (const group of live) if (!liveByPk.has(normalizePk(group.pk))) liveByPk.set(normalizePk(group.pk), group);
  const taken = new Set<SnapshotGroup>();

  const matches: GroupMatch[] = documented.map((group) => {
    const candidate = liveByPk.get(normalizePk(group.pk));
    if (candidate && !taken.has(candidate)) {
      taken.add(candidate);
      return { documented: group, live: candidate, matchedBy: "pk" };
    }
    return { documented: group, live: null, matchedBy: null };
  });
  for (const match of matches) {
    if (match.live) continue;
    const candidate = live.find((group) => group.name === match.documented.name && !taken.has(group));
    if (!candidate) continue;
    taken.add(candidate);
    match.live = candidate;
    match.matchedBy = "name";
  }

  const byDocumentedName = new Map<string, GroupMatch>();
  const documentedNameByLivePk = new Map<string, string>();
  for (const match of matches) {
    if (!byDocumentedName.has(match.documented.name)) byDocumentedName.set(match.documented.name, match);
    if (match.live) documentedNameByLivePk.set(match.live.pk, match.documented.name);
  }
  return { matches, byDocumentedName, documentedNameByLivePk, undocumented: live.filter((group) => !taken.has(group)) };
}

/** UUIDs are case-insensitive; a hand-edited runbook may have upper-cased one. */
export function normalizePk(pk: string): string {
  return pk.toLowerCase();
}
