import type { EventLog } from "./types.js";

/** What the outputs say about attribution: how far back the log was read, how much of it, and any notice. */
export interface AttributionSummary {
  /** The window read, e.g. `30d`. */
  window: string;
  /** Access-relevant model events read. */
  events: number;
  /** Why findings are not (fully) attributed, or null. */
  notice: string | null;
}

/** Null when attribution was off (no event read at all). */
export function summarizeAttribution(log: EventLog | null): AttributionSummary | null {
  if (!log) return null;
  return { window: formatWindow(log.windowMs), events: log.events.length, notice: log.notice };
}

const UNITS: readonly [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
];

/** The shortest exact spelling of a duration, as AK_ACCESS_EVENTS_WINDOW takes it: `30d`, `12h`, `1h30m`. */
export function formatWindow(ms: number): string {
  if (ms <= 0) return "0";
  let rest = ms;
  let text = "";
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
