const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * The order a person expects in a table: case-insensitive, digits by value (`app2` before `app10`).
 * Names equal under that order fall back to code-point order, so the result never depends on input order.
 */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
