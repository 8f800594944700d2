/**
 * Whether this authentik version has the static-binding fast-path bug: from 2025.8.0 until the fix
 * (#20430, shipped in 2025.12.5 and 2026.2.0) the engine counted group and user bindings as one
 * result that passed when ANY of them passed, even in `all` mode (SEMANTICS.md section 3).
 * An unknown or unparsable version is assumed fixed: the documented behaviour is the safer guess.
 */
export function hasAllModeBug(authentikVersion: string | null | undefined): boolean {
  if (!authentikVersion) return false;
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(authentikVersion);
  if (!match) return false;
  const version = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] as const;
  return compareVersions(version, [2025, 8, 0]) >= 0 && compareVersions(version, [2025, 12, 4]) <= 0;
}

function compareVersions(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
