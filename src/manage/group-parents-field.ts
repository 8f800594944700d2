/**
 * How a group's parents are written: authentik 2025.12 replaced the single `parent` (a uuid or null)
 * with `parents` (a list; SEMANTICS.md section 6). An unknown version is taken to be a current one.
 */
export function groupParentsField(authentikVersion: string | null): "parents" | "parent" {
  const match = authentikVersion ? /^(\d+)\.(\d+)/.exec(authentikVersion) : null;
  if (!match) return "parents";
  const year = Number(match[1]);
  const month = Number(match[2]);
  return year > 2025 || (year === 2025 && month >= 12) ? "parents" : "parent";
}

/** The body fields that set these parents on this version, or a sentence saying why it cannot. */
export function groupParentsBody(
  authentikVersion: string | null,
  parentPks: readonly string[],
): { ok: true; body: { parents: string[] } | { parent: string | null } } | { ok: false; message: string } {
  if (groupParentsField(authentikVersion) === "parents") return { ok: true, body: { parents: [...parentPks] } };
  if (parentPks.length > 1) {
    return {
      ok: false,
      message: `authentik ${authentikVersion ?? "?"} allows one parent per group (several parents need 2025.12 or later), got ${parentPks.length}`,
    };
  }
  return { ok: true, body: { parent: parentPks[0] ?? null } };
}
