import { compareText } from "./compare-text.js";

/** Up to this many names are listed in full; past it, only the closest ones are offered. */
const LIST_IN_FULL = 12;
const SUGGESTIONS = 5;

/**
 * What an "unknown name" error says about the names that do exist: all of them when there are few, else
 * the few closest to what was typed. A 2,000-group tenant must not get a 30 KB error line.
 */
export function describeKnownNames(wanted: string, known: Iterable<string>): string {
  const names = [...new Set(known)].sort(compareText);
  if (names.length === 0) return "known: none";
  if (names.length <= LIST_IN_FULL) return `known: ${names.join(", ")}`;
  const target = wanted.toLowerCase();
  const closest = names
    .map((name) => ({ name, distance: editDistance(target, name.toLowerCase()), prefix: commonPrefix(target, name.toLowerCase()) }))
    // Among equally distant names, those that start the same way read as the likelier typo.
    .sort((a, b) => a.distance - b.distance || b.prefix - a.prefix || compareText(a.name, b.name))
    .slice(0, SUGGESTIONS)
    .map((entry) => entry.name);
  return `closest of ${names.length.toLocaleString("en")} known: ${closest.join(", ")}`;
}

/** Levenshtein distance over UTF-16 units: good enough to rank suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length += 1;
  return length;
}
