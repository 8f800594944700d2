import { splitRawCellList } from "./cell-text.js";

/**
 * The runbook's cell conventions (PRODUCT.md section 3): what counts as "none", a UUID, a slug, and
 * how a Members cell is written. Cells arrive as raw Markdown: a none marker or the "(superuser)" mark
 * only counts when written plainly (an escaped `\-` is a name).
 */

const NONE_MARKERS: ReadonlySet<string> = new Set(["", "—", "–", "-"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_INSIDE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
// At least one hex digit, so a cell of only dashes still reads as "none" rather than a broken UUID.
const HEX_AND_DASHES = /^(?=.*[0-9a-f])[0-9a-f-]{8,}$/i;
// Django's validate_slug, which authentik's Application.slug uses.
const SLUG = /^[A-Za-z0-9_-]+$/;
// Unescaped: "\(superuser\)" at the end of a list is part of the last member's name.
const SUPERUSER_MARK = /(?:^|[^\\])\(superuser\)$/i;
const SUPERUSER_MARK_TEXT = /\s*\(superuser\)$/i;

export const UUID_EXPECTATION = "expected a UUID: 32 hex digits grouped 8-4-4-4-12";

export function isNoneCell(text: string): boolean {
  return NONE_MARKERS.has(text);
}

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * True for text that is not a UUID but was evidently meant as one: a truncated or mistyped pk, or a pk
 * with words around it. Such a cell must be an error, not a silently unpinned placeholder.
 */
export function isMalformedUuid(text: string): boolean {
  if (isUuid(text)) return false;
  return HEX_AND_DASHES.test(text) || UUID_INSIDE.test(text);
}

export function isSlug(text: string): boolean {
  return SLUG.test(text);
}

export interface MembersCell {
  /** Each member's raw Markdown; decode with decodeCellText. */
  members: string[];
  hasSuperuserMark: boolean;
}

/** "akadmin, matt (superuser)" → members akadmin and matt, marked superuser. */
export function parseMembersCell(raw: string): MembersCell {
  const hasSuperuserMark = SUPERUSER_MARK.test(raw);
  const list = hasSuperuserMark ? raw.replace(SUPERUSER_MARK_TEXT, "").trim() : raw;
  return { members: parseListCell(list), hasSuperuserMark };
}

/** A comma-separated list cell (Members, Parents) as raw items: none markers mean an empty list. */
export function parseListCell(raw: string): string[] {
  if (isNoneCell(raw.trim())) return [];
  return splitRawCellList(raw);
}

/** yes/no/true/false in any case; null when the text is none of them. */
export function parseSuperuserCell(text: string): boolean | null {
  switch (text.toLowerCase()) {
    case "yes":
    case "true":
      return true;
    case "no":
    case "false":
      return false;
    default:
      return null;
  }
}
