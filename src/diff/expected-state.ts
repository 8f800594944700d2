import type { Baseline, BaselineBinding } from "../baseline/index.js";
import type { AccessState, SnapshotApplication, SnapshotBinding, SnapshotGroup } from "../snapshot/index.js";
import { documentApplications } from "./document-applications.js";
import { compareText } from "./format-list.js";

/**
 * The access state the runbook's tables describe, so that the same rules can be run on it and on the
 * live state. Users, their `isActive` and the tenant settings are live: the tables say nothing about
 * them. Groups keep the documented pks, members and parents; each binding row becomes one binding with
 * its documented state (enabled, negated, expiry); each documented app has its documented policy engine
 * mode (`any` when the tables do not say). Apps keep their live pk when they exist, so both states can
 * be compared app by app.
 */
export function expectedState(baseline: Baseline, snapshot: AccessState): AccessState {
  const userPks = new Map(snapshot.users.map((user) => [user.username, user.pk]));
  const liveApps = new Map(snapshot.applications.map((app) => [app.slug, app]));
  const groupPks = new Map<string, string>();
  for (const group of baseline.groups) if (!groupPks.has(group.name)) groupPks.set(group.name, group.pk);

  const groups: SnapshotGroup[] = baseline.groups.map((group) => ({
    pk: group.pk,
    name: group.name,
    isSuperuser: group.isSuperuser,
    parents: [...new Set(group.parents.flatMap((name) => groupPks.get(name) ?? []))].sort(compareText),
    members: pksOf(group.members, userPks),
  }));

  const applications: SnapshotApplication[] = [];
  const bindings: SnapshotBinding[] = [];
  for (const app of documentApplications(baseline).values()) {
    const pk = liveApps.get(app.slug)?.pk ?? `baseline:app:${app.slug}`;
    const mode = app.rows.find((row) => row.policyEngineMode !== null)?.policyEngineMode ?? "any";
    applications.push({ pk, slug: app.slug, name: app.name, policyEngineMode: mode });
    app.rows.forEach((row, order) => {
      bindings.push(toBinding(row, pk, order, groupPks, userPks));
    });
  }

  return {
    takenAt: snapshot.takenAt,
    settings: snapshot.settings,
    users: snapshot.users,
    groups: groups.sort((a, b) => compareText(a.name, b.name) || compareText(a.pk, b.pk)),
    applications: applications.sort((a, b) => compareText(a.slug, b.slug)),
    bindings: bindings.sort((a, b) => compareText(a.target, b.target) || a.order - b.order || compareText(a.pk, b.pk)),
  };
}

/**
 * The pks of these usernames, unknown ones left out, each once, in ascending order. A typed array
 * sorts numbers without a comparator: the members of 2,000 groups are about 150,000 names at 50,000 users.
 */
function pksOf(usernames: readonly string[], userPks: ReadonlyMap<string, number>): number[] {
  const found = new Float64Array(usernames.length);
  let count = 0;
  for (const username of usernames) {
    const pk = userPks.get(username);
    if (pk !== undefined) found[count++] = pk;
  }
  const sorted = found.subarray(0, count).sort();
  const pks: number[] = [];
  for (let index = 0; index < count; index++) {
    const pk = sorted[index] as number;
    if (index === 0 || pk !== sorted[index - 1]) pks.push(pk);
  }
  return pks;
}

function toBinding(
  row: BaselineBinding,
  target: string,
  order: number,
  groupPks: ReadonlyMap<string, string>,
  userPks: ReadonlyMap<string, number>,
): SnapshotBinding {
  const { target: bound } = row;
  return {
    pk: row.bindingPk ?? `baseline:binding:${row.slug}:${row.line}`,
    target,
    kind: bound.kind,
    // A row naming a group the groups table lacks is a baseline error; it still restricts the app, to nobody.
    group: bound.kind === "group" ? (groupPks.get(bound.name) ?? `baseline:group:${bound.name}`) : null,
    // An unknown username binds nobody, as a binding to a deleted user would.
    user: bound.kind === "user" ? (userPks.get(bound.username) ?? null) : null,
    policy: bound.kind === "policy" ? `baseline:policy:${bound.name}` : null,
    policyName: bound.kind === "policy" ? bound.name : null,
    enabled: row.enabled,
    negate: row.negate,
    order,
    expires: row.expires,
  };
}
