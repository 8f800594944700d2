/** "a, b and c"; past `max` items, "a, b, c and 4 more", so that a message stays one readable sentence. */
export function formatList(items: readonly string[], max = 5): string {
  if (items.length === 0) return "";
  if (items.length === 1) return items[0] ?? "";
  if (items.length > max) return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

export { compareText } from "../text/index.js";
