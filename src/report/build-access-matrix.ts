import { countByAccountType, isServiceAccount } from "../access/index.js";
import type { AccessEvaluator } from "../access/index.js";
import type { Snapshot, SnapshotApplication, SnapshotGroup } from "../snapshot/index.js";
import { compareNames } from "./compare-names.js";

export type MatrixCellState = "grant" | "negated" | "none";

/** Apps × groups: which group binding in force lets whom in, and how many active users each app admits. */
export interface AccessMatrixData {
  groups: SnapshotGroup[];
  rows: AccessMatrixDataRow[];
  activeUsers: number;
}

export interface AccessMatrixDataRow {
  application: SnapshotApplication;
  /** One per column in `groups`. */
  cells: MatrixCellState[];
  everyone: "allow" | "deny" | null;
  /** Active people allowed (service accounts apart). */
  allowed: number;
  indeterminate: number;
  /** Active service accounts allowed. */
  serviceAccounts: number;
}

/**
 * Columns are the groups bound to at least one app, in the order the groups table shows them (a tenant
 * with hundreds of groups would otherwise get hundreds of empty columns); apps are sorted by name.
 */
export function buildAccessMatrix(snapshot: Snapshot, evaluator: AccessEvaluator, allGroups: readonly SnapshotGroup[]): AccessMatrixData {
  const applications = [...snapshot.applications].sort((a, b) => compareNames(a.name, b.name) || compareNames(a.slug, b.slug));
  const bound = new Set(
    applications.flatMap((application) =>
      evaluator
        .bindingsInForce(application.pk)
        .flatMap((binding) => (binding.kind === "group" && binding.group ? [binding.group.toLowerCase()] : [])),
    ),
  );
  const groups = allGroups.filter((group) => bound.has(group.pk.toLowerCase()));
  const serviceAccounts = new Set(snapshot.users.filter((user) => isServiceAccount(user)).map((user) => user.pk));
  const rows = applications.map((application): AccessMatrixDataRow => {
    const bindings = evaluator.bindingsInForce(application.pk).filter((binding) => binding.kind === "group");
    const cells = groups.map((group): MatrixCellState => {
      const own = bindings.filter((binding) => binding.group?.toLowerCase() === group.pk.toLowerCase());
      if (own.some((binding) => !binding.negate)) return "grant";
      return own.length > 0 ? "negated" : "none";
    });
    const sets = evaluator.application(application.pk);
    const allowed = countByAccountType(sets.allow, serviceAccounts);
    return {
      application,
      cells,
      everyone: sets.everyone,
      allowed: allowed.people,
      indeterminate: countByAccountType(sets.indeterminate, serviceAccounts).people,
      serviceAccounts: allowed.serviceAccounts,
    };
  });
  return { groups, rows, activeUsers: evaluator.activeUsers.size };
}

/** "2", "3 (everyone)", "0 (nobody: default deny)", "1 + 2 indeterminate"; people, then "+ 1 service account". */
export function describeAllowedUsers(row: AccessMatrixDataRow): string {
  const accounts = row.serviceAccounts > 0 ? ` + ${row.serviceAccounts} service account${row.serviceAccounts === 1 ? "" : "s"}` : "";
  if (row.everyone === "allow") return `${row.allowed} (everyone)${accounts}`;
  if (row.everyone === "deny") return "0 (nobody: default deny)";
  return row.indeterminate > 0 ? `${row.allowed} + ${row.indeterminate} indeterminate${accounts}` : `${row.allowed}${accounts}`;
}

export const MATRIX_MARKS: Readonly<Record<MatrixCellState, string>> = { grant: "✓", negated: "✗ negated", none: "" };
