/**
 * `2026-12-01 16:40:12 UTC`, or `2026-12-01 16:40 UTC` to the minute: an absolute time, so a page that
 * shows it reads the same whenever it is served. A time that does not parse is shown as sent.
 */
export function formatUtcTime(at: string, precision: "seconds" | "minutes" = "seconds"): string {
  const millis = Date.parse(at);
  if (Number.isNaN(millis)) return at;
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, precision === "seconds" ? 19 : 16)} UTC`;
}
