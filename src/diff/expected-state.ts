import type { Baseline } from "../baseline/index.js";
import type { AccessState, SnapshotApplication, SnapshotBinding, SnapshotGroup } from "../snapshot/index.js";
import { documentApplications } from "./document-applications.js";
import { compareText } from "./format-list.js";

/**
 * The access state the runbook's tables describe, so that the same rules can be run on it and on the
 * live state. Users, their `isActive` and the tenant settings are live: the tables say nothing about
 * them. Groups have no parents, because the tables list direct members only; live nesting therefore
 * surfaces as access changes. Each binding row becomes one enabled, non-negated group binding, and
 * every documented app uses engine mode `any`, as the runbook assumes. Apps keep their live pk when
 * they exist, so both states can be compared app by app.
 */
export function expectedState(baseline: Baseline, snapshot: AccessState): AccessState {
  const userPks = new Map(snapshot.users.map((user) => [user.username, user.pk]));
  const liveApps = new Map(snapshot.applications.map((app) => [app.slug, app]));

  const groups: SnapshotGroup[] = baseline.groups.map((group) => ({
    pk: group.pk,
    name: group.name,
    isSuperuser: group.isSuperuser,
    parents: [],
    members: [...new Set(group.members.flatMap((username) => userPks.get(username) ?? []))].sort((a, b) => a - b),
  }));
  const groupPks = new Map<string, string>();
  for (const group of baseline.groups) if (!groupPks.has(group.name)) groupPks.set(group.name, group.pk);

  const applications: SnapshotApplication[] = [];
  const bindings: SnapshotBinding[] = [];
  for (const app of documentApplications(baseline).values()) {
    const pk = liveApps.get(app.slug)?.pk ?? `baseline:app:${app.slug}`;
    applications.push({ pk, slug: app.slug, name: app.name, policyEngineMode: "any" });
    app.rows.forEach((row, order) => {
      bindings.push({
        pk: row.bindingPk ?? `baseline:binding:${app.slug}:${row.group}:${order}`,
        target: pk,
        kind: "group",
        // A row naming a group the groups table lacks is a baseline error; it still restricts the app, to nobody.
        group: groupPks.get(row.group) ?? `baseline:group:${row.group}`,
        user: null,
        policy: null,
        policyName: null,
        enabled: true,
        negate: false,
        order,
        expires: null,
      });
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
