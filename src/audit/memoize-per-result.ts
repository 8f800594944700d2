import type { AuditResult } from "./types.js";

/**
 * A derivation of an audit result computed once per published result, however many scrapes or
 * requests read it; a new result starts afresh and the old value goes with the old result.
 */
export function memoizePerResult<T>(derive: (result: AuditResult) => T): (result: AuditResult) => T {
  const cache = new WeakMap<AuditResult, T>();
  return (result) => {
    if (cache.has(result)) return cache.get(result) as T;
    const value = derive(result);
    cache.set(result, value);
    return value;
  };
}
