/**
 * A sorted copy by a tuple key; strings compare by code unit, numbers numerically. Keys are
 * computed once per item, not once per comparison.
 */
export function sortBy<T>(items: readonly T[], keyOf: (item: T) => readonly [string | number, string | number]): T[] {
  const keyed = items.map((item) => {
    const [first, second] = keyOf(item);
    return { item, first, second };
  });
  keyed.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.second < b.second ? -1 : a.second > b.second ? 1 : 0));
  return keyed.map((k) => k.item);
}
