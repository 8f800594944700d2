const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const PART = /(\d+)(ms|s|m|h|d|w)/gy;

/**
 * A duration as people write it in an environment file: `15s`, `30d`, `1h30m`, or `0` for none.
 * Milliseconds, or null when the text is anything else: a bare number other than 0 is refused,
 * because `15` could mean seconds or minutes and guessing wrong is silent.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim();
  if (value === "0") return 0;
  if (value === "") return null;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(value); match; match = PART.exec(value)) {
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    consumed = PART.lastIndex;
  }
  return consumed === value.length && Number.isSafeInteger(total) ? total : null;
}
