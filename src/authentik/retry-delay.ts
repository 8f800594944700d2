const MAX_DELAY_MS = 30_000;

/**
 * How long to wait before retry number `attempt + 1`: the server's `Retry-After` when it sent one
 * (seconds or an HTTP date, capped at 30 s), else exponential backoff with full jitter.
 */
export function retryDelayMs(
  attempt: number,
  baseDelayMs: number,
  retryAfter: string | undefined,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_DELAY_MS);
  }
  const ceiling = Math.min(baseDelayMs * 2 ** attempt, MAX_DELAY_MS);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
