import { isBindingInForce } from "../access/index.js";
import type { Snapshot, SnapshotBinding, SnapshotGroup, SnapshotUser } from "../snapshot/index.js";
import { resolveApplication, resolveGroup } from "./resolve-objects.js";
import type { Change, GroupRef } from "./types.js";

/**
 * What one runbook procedure needs to do against this snapshot: the changes (none when it is already
 * so), sentences for what is already so, and warnings; or why it cannot be done. Pure: the commands
 * do the reading and the writing.
 */
export type Procedure =
  | {
      ok: true;
      changes: Change[];
      unchanged: string[];
      warnings: string[];
      /** Warnings about what the change leaves behind (references to an old name): said only once it is made. */
      afterwards?: string[];
    }
  | { ok: false; message: string };

/** The runbook's convention for access groups (procedure A): `<category>-users`, lowercase and hyphenated. */
const GROUP_NAME_CONVENTION = /^[a-z0-9]+(?:-[a-z0-9]+)*-users$/;

function refOf(group: SnapshotGroup): GroupRef {
  return { name: group.name, pk: group.pk };
}

/** Procedure A: create a group (under a parent), unless one of that name exists. */
export function prepareGroupCreate(snapshot: Snapshot, rawName: string, parentName: string | undefined): Procedure {
  // authentik strips the name (DRF CharField), so " media-users" is "media-users".
  const name = rawName.trim();
  if (name === "") return { ok: false, message: "the group name is empty" };
  const warnings = GROUP_NAME_CONVENTION.test(name)
    ? []
    : [`"${name}" breaks the runbook's naming convention <category>-users (lowercase, hyphenated, e.g. media-users)`];
  let parent: SnapshotGroup | null = null;
  if (parentName !== undefined) {
    const resolved = resolveGroup(snapshot, parentName);
    if (!resolved.ok) return { ok: false, message: `--parent: ${resolved.message}` };
    parent = resolved.value;
  }
  const existing = snapshot.groups.filter((group) => group.name === name);
  if (existing.length > 0) {
    const group = existing.find((candidate) => parent === null || candidate.parents.includes(parent.pk)) ?? existing[0];
    if (group) {
      if (parent !== null && !group.parents.includes(parent.pk)) {
        warnings.push(`${name} is not under ${parent.name}; its parents are not changed by \`group create\``);
      }
      return { ok: true, changes: [], unchanged: [`group ${name} already exists (pk ${group.pk})`], warnings };
    }
  }
  const change: Change = { kind: "create-group", name, isSuperuser: false, parents: parent ? [refOf(parent)] : [], documentedPk: null };
  return { ok: true, changes: [change], unchanged: [], warnings };
}

/** Procedure F: rename a group (its bindings follow by pk; name-based references do not). */
export function prepareGroupRename(snapshot: Snapshot, oldName: string, rawNewName: string): Procedure {
  const newName = rawNewName.trim();
  if (newName === "") return { ok: false, message: "the new name is empty" };
  const resolved = resolveGroup(snapshot, oldName);
  const taken = snapshot.groups.find((group) => group.name === newName);
  if (!resolved.ok) {
    // Run twice, the second run finds the new name only: already so.
    if (taken) return { ok: true, changes: [], unchanged: [`no group named ${oldName}; ${newName} exists (pk ${taken.pk})`], warnings: [] };
    return { ok: false, message: resolved.message };
  }
  const group = resolved.value;
  if (group.name === newName)
    return { ok: true, changes: [], unchanged: [`group ${newName} already has that name (pk ${group.pk})`], warnings: [] };
  if (taken) return { ok: false, message: `a group named "${newName}" already exists (pk ${taken.pk})` };
  const warnings = GROUP_NAME_CONVENTION.test(newName)
    ? []
    : [`"${newName}" breaks the runbook's naming convention <category>-users (lowercase, hyphenated, e.g. media-users)`];
  return { ok: true, changes: [{ kind: "rename-group", group: refOf(group), to: newName }], unchanged: [], warnings };
}

/**
 * Procedures C and D for several users: one add_user/remove_user per user that needs it. `users` were
 * looked up by exact username; membership is read from the snapshot, so a repeated run changes nothing.
 */
export function prepareMembership(
  snapshot: Snapshot,
  groupName: string,
  users: readonly SnapshotUser[],
  action: "add" | "remove",
): Procedure {
  const resolved = resolveGroup(snapshot, groupName);
  if (!resolved.ok) return { ok: false, message: resolved.message };
  const group = resolved.value;
  const changes: Change[] = [];
  const unchanged: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<number>();
  for (const user of users) {
    if (seen.has(user.pk)) continue;
    seen.add(user.pk);
    const member = group.members.includes(user.pk);
    if (action === "add") {
      if (member) unchanged.push(`${user.username} is already a member of ${group.name}`);
      else {
        changes.push({ kind: "add-member", group: refOf(group), username: user.username, userPk: user.pk });
        if (!user.isActive) warnings.push(`${user.username} is inactive: the membership counts only once the account is active again`);
      }
    } else if (member) changes.push({ kind: "remove-member", group: refOf(group), username: user.username, userPk: user.pk });
    else unchanged.push(`${user.username} is not a member of ${group.name}`);
  }
  return { ok: true, changes, unchanged, warnings };
}

/**
 * Procedure B: bind a group to an application. One binding per pair is the runbook's convention, which
 * authentik does not enforce, so an existing binding (in force or not) is never duplicated.
 */
export function prepareBind(snapshot: Snapshot, slug: string, groupName: string): Procedure {
  const found = findPair(snapshot, slug, groupName);
  if (!found.ok) return found;
  const { app, group, bindings } = found;
  const working = bindings.find((binding) => isBindingInForce(binding, snapshot.takenAt) && !binding.negate);
  if (working) {
    return { ok: true, changes: [], unchanged: [`${app.slug} is already bound to ${group.name} (binding ${working.pk})`], warnings: [] };
  }
  const existing = bindings[0];
  if (existing) {
    const state = existing.negate ? "negated" : !existing.enabled ? "disabled" : "expired";
    return {
      ok: false,
      message: `${app.slug} already has a binding to ${group.name} (${existing.pk}), but it is ${state}: not creating a second one. Fix that binding (\`ak-access plan\` shows how, when the runbook lists it) or \`ak-access unbind ${app.slug} ${group.name}\` first`,
    };
  }
  const order = Math.max(-1, ...snapshot.bindings.filter((binding) => binding.target === app.pk).map((binding) => binding.order)) + 1;
  const change: Change = {
    kind: "create-binding",
    application: { slug: app.slug, name: app.name, pk: app.pk },
    subject: { kind: "group", group: refOf(group) },
    order,
    enabled: true,
    negate: false,
    replacesPk: null,
  };
  return { ok: true, changes: [change], unchanged: [], warnings: [] };
}

/** Procedure E: remove every binding between the group and the application (duplicates included). */
export function prepareUnbind(snapshot: Snapshot, slug: string, groupName: string): Procedure {
  const found = findPair(snapshot, slug, groupName);
  if (!found.ok) return found;
  const { app, group, bindings } = found;
  if (bindings.length === 0) return { ok: true, changes: [], unchanged: [`${app.slug} is not bound to ${group.name}`], warnings: [] };
  const changes: Change[] = bindings.map((binding) => ({
    kind: "delete-binding",
    application: { slug: app.slug, name: app.name, pk: app.pk },
    bindingPk: binding.pk,
    subject: { kind: "group", group: refOf(group) },
    enabled: binding.enabled,
    negate: binding.negate,
    expired: binding.enabled && !isBindingInForce(binding, snapshot.takenAt),
  }));
  return { ok: true, changes, unchanged: [], warnings: [] };
}

function findPair(
  snapshot: Snapshot,
  slug: string,
  groupName: string,
): { ok: true; app: Snapshot["applications"][number]; group: SnapshotGroup; bindings: SnapshotBinding[] } | { ok: false; message: string } {
  const app = resolveApplication(snapshot, slug);
  if (!app.ok) return app;
  const group = resolveGroup(snapshot, groupName);
  if (!group.ok) return group;
  const bindings = snapshot.bindings.filter(
    (binding) => binding.target === app.value.pk && binding.kind === "group" && binding.group === group.value.pk,
  );
  return { ok: true, app: app.value, group: group.value, bindings };
}
