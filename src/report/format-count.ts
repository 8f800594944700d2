/**
 * "50,000": a count as a person reads it, the same on every machine. By hand rather than with
 * `Intl.NumberFormat`, whose construction loads locale data (about 20 ms) for a comma every three digits.
 */
export function formatCount(count: number): string {
  if (!Number.isInteger(count)) return String(count);
  const digits = String(Math.abs(count));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ",");
  return count < 0 ? `-${grouped}` : grouped;
}
