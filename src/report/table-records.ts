import type { Baseline, BaselineBindingTarget } from "../baseline/index.js";
import type { PolicyEngineMode, Snapshot, SnapshotBinding } from "../snapshot/index.js";
import { compareNames } from "./compare-names.js";

/** One groups-table row's worth of live state, not yet escaped. */
export interface GroupRecord {
  pk: string;
  name: string;
  /** Direct members by username, sorted. */
  members: string[];
  isSuperuser: boolean;
  /** Parent groups by name, sorted. */
  parents: string[];
}

/** One bindings-table row: one live binding of an application. */
export interface BindingRecord {
  application: string;
  slug: string;
  target: BaselineBindingTarget;
  bindingPk: string;
  enabled: boolean;
  negate: boolean;
  expires: string | null;
  /** The application's mode, on every row of it. */
  mode: PolicyEngineMode;
}

export interface UnboundRecord {
  application: string;
  slug: string;
  /** The runbook's reason for this slug, or "" when it has none. */
  reason: string;
}

/** The live state as the tables say it, in table order. */
export interface TableRecords {
  groups: GroupRecord[];
  bindings: BindingRecord[];
  unbound: UnboundRecord[];
  /** Bindings on applications that no row can name: a group or user the snapshot does not contain. */
  leftOver: SnapshotBinding[];
  /**
   * A documented group's name to the live name of the group with its pk, for groups renamed since: a
   * binding row that names the old name (its pk not pinned) still finds its binding, as the diff's does.
   */
  renamedGroups: ReadonlyMap<string, string>;
}

/**
 * Every group, every binding of every application (disabled, negated, expiring, user and policy ones
 * included) and every application without any binding. With a baseline, rows that still exist keep its
 * order, so an unchanged state reproduces the runbook's tables, and new rows follow, sorted.
 */
export function buildTableRecords(snapshot: Snapshot, baseline: Baseline | null): TableRecords {
  const groupNames = new Map(snapshot.groups.map((group) => [group.pk, group.name]));
  const renamedGroups = findRenamedGroups(snapshot, baseline);
  const usernames = new Map(snapshot.users.map((user) => [user.pk, user.username]));

  const groups = snapshot.groups.map(
    (group): GroupRecord => ({
      pk: group.pk.toLowerCase(),
      name: group.name,
      members: group.members.flatMap((pk) => usernames.get(pk) ?? []).sort(compareNames),
      isSuperuser: group.isSuperuser,
      parents: group.parents.flatMap((pk) => groupNames.get(pk) ?? []).sort(compareNames),
    }),
  );

  const bindings: BindingRecord[] = [];
  const unbound: UnboundRecord[] = [];
  const leftOver: SnapshotBinding[] = [];
  const reasons = new Map<string, string>();
  for (const row of baseline?.unbound ?? []) if (!reasons.has(row.slug)) reasons.set(row.slug, row.reason);
  const byTarget = new Map<string, SnapshotBinding[]>();
  for (const binding of snapshot.bindings) {
    const list = byTarget.get(binding.target);
    if (list) list.push(binding);
    else byTarget.set(binding.target, [binding]);
  }
  for (const app of snapshot.applications) {
    const own = byTarget.get(app.pk) ?? [];
    if (own.length === 0) {
      unbound.push({ application: app.name, slug: app.slug, reason: reasons.get(app.slug) ?? "" });
      continue;
    }
    for (const binding of own) {
      const target = nameTarget(binding, groupNames, usernames);
      if (target === null) {
        leftOver.push(binding);
        continue;
      }
      bindings.push({
        application: app.name,
        slug: app.slug,
        target,
        bindingPk: binding.pk.toLowerCase(),
        enabled: binding.enabled,
        negate: binding.negate,
        expires: binding.expires ?? null,
        mode: app.policyEngineMode,
      });
    }
  }

  return {
    groups: inBaselineOrder(
      groups,
      [
        { recordKey: (record) => record.pk, rowKeys: (baseline?.groups ?? []).map((row) => row.pk.toLowerCase()) },
        { recordKey: (record) => record.name, rowKeys: (baseline?.groups ?? []).map((row) => row.name) },
      ],
      (a, b) => compareNames(a.name, b.name) || compareNames(a.pk, b.pk),
    ),
    bindings: inBaselineOrder(
      bindings,
      [
        { recordKey: (record) => record.bindingPk, rowKeys: (baseline?.bindings ?? []).map((row) => row.bindingPk?.toLowerCase() ?? null) },
        {
          recordKey: (record) => JSON.stringify([record.slug, targetLabel(record.target)]),
          rowKeys: (baseline?.bindings ?? []).map((row) => JSON.stringify([row.slug, liveTargetLabel(row.target, renamedGroups)])),
        },
      ],
      (a, b) =>
        compareNames(a.application, b.application) ||
        compareNames(a.slug, b.slug) ||
        compareNames(targetLabel(a.target), targetLabel(b.target)) ||
        compareNames(a.bindingPk, b.bindingPk),
    ),
    unbound: inBaselineOrder(
      unbound,
      [{ recordKey: (record) => record.slug, rowKeys: (baseline?.unbound ?? []).map((row) => row.slug) }],
      (a, b) => compareNames(a.application, b.application) || compareNames(a.slug, b.slug),
    ),
    leftOver,
    renamedGroups,
  };
}

/** Matched by pk, as the diff matches groups: the first documented row of each name, the first live group of each pk. */
function findRenamedGroups(snapshot: Snapshot, baseline: Baseline | null): Map<string, string> {
  const liveByPk = new Map<string, string>();
  for (const group of snapshot.groups) if (!liveByPk.has(group.pk.toLowerCase())) liveByPk.set(group.pk.toLowerCase(), group.name);
  const renamed = new Map<string, string>();
  const seen = new Set<string>();
  for (const group of baseline?.groups ?? []) {
    if (seen.has(group.name)) continue;
    seen.add(group.name);
    const live = liveByPk.get(group.pk.toLowerCase());
    if (live !== undefined && live !== group.name) renamed.set(group.name, live);
  }
  return renamed;
}

/** What a documented row's target is called now: a renamed group by its live name. */
export function liveTargetLabel(target: BaselineBindingTarget, renamedGroups: ReadonlyMap<string, string>): string {
  return target.kind === "group"
    ? targetLabel({ kind: "group", name: renamedGroups.get(target.name) ?? target.name })
    : targetLabel(target);
}

function nameTarget(
  binding: SnapshotBinding,
  groupNames: ReadonlyMap<string, string>,
  usernames: ReadonlyMap<number, string>,
): BaselineBindingTarget | null {
  switch (binding.kind) {
    case "group": {
      const name = binding.group === null ? undefined : groupNames.get(binding.group);
      return name === undefined ? null : { kind: "group", name };
    }
    case "user": {
      const username = binding.user === null ? undefined : usernames.get(binding.user);
      return username === undefined ? null : { kind: "user", username };
    }
    case "policy":
      return { kind: "policy", name: binding.policyName ?? binding.policy ?? binding.pk };
  }
}

export function sameTarget(a: BaselineBindingTarget, b: BaselineBindingTarget): boolean {
  return targetLabel(a) === targetLabel(b);
}

/** `media-users`, `user:riley`, `policy:geo-check`: what a target is called in findings. */
export function targetLabel(target: BaselineBindingTarget): string {
  switch (target.kind) {
    case "group":
      return target.name;
    case "user":
      return `user:${target.username}`;
    case "policy":
      return `policy:${target.name}`;
  }
}

/**
 * How documented rows find their records: for each pass, a key of the record and the key each row asks
 * for (null: the row skips that pass). Pinned pks go first, so a pk claimed by a later row is not taken
 * by an earlier row's name match.
 */
interface OrderPass<R> {
  recordKey(record: R): string;
  rowKeys: readonly (string | null)[];
}

/**
 * Records matched to documented rows (each record is taken once) come first, in the rows' order; the rest
 * follow, sorted. Keys are looked up in maps, so a 50,000-row table costs one pass per key, not rows x records.
 */
function inBaselineOrder<R>(records: readonly R[], passes: readonly OrderPass<R>[], compare: (a: R, b: R) => number): R[] {
  const taken = new Set<R>();
  const rowCount = Math.max(0, ...passes.map((pass) => pass.rowKeys.length));
  const matched: (R | undefined)[] = Array.from({ length: rowCount }, () => undefined);
  for (const pass of passes) {
    const byKey = new Map<string, R[]>();
    for (const record of records) {
      if (taken.has(record)) continue;
      const key = pass.recordKey(record);
      const list = byKey.get(key);
      if (list) list.push(record);
      else byKey.set(key, [record]);
    }
    pass.rowKeys.forEach((key, index) => {
      if (key === null || matched[index] !== undefined) return;
      const list = byKey.get(key);
      const record = list?.find((candidate) => !taken.has(candidate));
      if (record === undefined) return;
      taken.add(record);
      matched[index] = record;
    });
  }
  const rest = records.filter((record) => !taken.has(record)).sort(compare);
  return [...matched.filter((record): record is R => record !== undefined), ...rest];
}
