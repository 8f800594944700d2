const format = new Intl.NumberFormat("en-US");

/** "50,000": a count as a person reads it, the same on every machine. */
export function formatCount(count: number): string {
  return format.format(count);
}
