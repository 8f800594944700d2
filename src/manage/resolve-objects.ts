import type { Snapshot, SnapshotApplication, SnapshotGroup } from "../snapshot/index.js";
import { describeKnownNames } from "../text/index.js";

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string };

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * A group by its exact name, or by its pk. Names are case-sensitive, as in authentik; before 2025.12 two
 * groups could share a name under different parents, and then the pk must be given.
 */
export function resolveGroup(snapshot: Snapshot, nameOrPk: string): Resolved<SnapshotGroup> {
  if (UUID.test(nameOrPk)) {
    const wanted = nameOrPk.replace(/-/g, "").toLowerCase();
    const byPk = snapshot.groups.find((group) => group.pk.replace(/-/g, "").toLowerCase() === wanted);
    if (byPk) return { ok: true, value: byPk };
  }
  const named = snapshot.groups.filter((group) => group.name === nameOrPk);
  if (named.length === 1 && named[0]) return { ok: true, value: named[0] };
  if (named.length > 1) {
    return {
      ok: false,
      message: `${named.length} groups are named "${nameOrPk}" (pks ${named.map((group) => group.pk).join(", ")}): give the pk`,
    };
  }
  const known = snapshot.groups.map((group) => group.name);
  return { ok: false, message: `no group named "${nameOrPk}" (names are case-sensitive; ${describeKnownNames(nameOrPk, known)})` };
}

/** An application by its slug, from the full list the snapshot holds (`superuser_full_list=true`). */
export function resolveApplication(snapshot: Snapshot, slug: string): Resolved<SnapshotApplication> {
  const app = snapshot.applications.find((candidate) => candidate.slug === slug);
  if (app) return { ok: true, value: app };
  const incomplete = snapshot.completeness.complete ? "" : "; the token sees only part of the application list (it is not a superuser's)";
  const known = snapshot.applications.map((candidate) => candidate.slug);
  return { ok: false, message: `no application with slug "${slug}" (${describeKnownNames(slug, known)})${incomplete}` };
}
