import { findBaselineTables } from "./find-baseline-tables.js";
import type { BaselineTableLocation } from "./types.js";

/**
 * Where each recognised baseline table sits, in document order, so a caller can replace exactly its
 * source: `markdown.slice(startOffset, endOffset)` runs from the header row through the last row,
 * without the final line break. Tables with problems of their own (look-alikes, mixed kinds) are not
 * located: they are not baseline tables yet.
 */
export function locateBaselineTables(markdown: string): BaselineTableLocation[] {
  return findBaselineTables(markdown).tables.map((table) => table.location);
}
