import type { AuditStatus } from "./create-audit-store.js";
import type { AuditResult } from "./types.js";

/**
 * Like `memoizePerResult`, for a derivation that also shows part of the audit loop's status (the
 * overview page): `select` picks that part, and the value is derived again only when the result or
 * the picked part changes, compared by value. Only the newest value is kept for a result, and it goes
 * with the result: a watch poll or a scrape that changes nothing shown costs nothing.
 */
export function memoizePerResultAndStatus<S, T>(
  select: (status: AuditStatus) => S,
  derive: (result: AuditResult, selected: S) => T,
): (result: AuditResult, status: AuditStatus) => T {
  const cache = new WeakMap<AuditResult, { key: string; value: T }>();
  return (result, status) => {
    const selected = select(status);
    const key = JSON.stringify(selected);
    const cached = cache.get(result);
    if (cached?.key === key) return cached.value;
    const value = derive(result, selected);
    cache.set(result, { key, value });
    return value;
  };
}
