import type { ApiApplication, ApiGroup, ApiPolicyBinding, ApiSettings, ApiUser } from "../authentik/index.js";
import type { Snapshot, SnapshotApplication, SnapshotBinding, SnapshotGroup, SnapshotSettings, SnapshotUser } from "./types.js";
import { compareText } from "../text/index.js";

export interface SnapshotInput {
  takenAt: Date;
  url: string;
  version: string | null;
  /** null when the settings could not be read (403). */
  settings: ApiSettings | null;
  users: ApiUser[];
  groups: ApiGroup[];
  applications: ApiApplication[];
  bindings: ApiPolicyBinding[];
  problems: string[];
}

/** Wire objects to the sorted, normalised snapshot document. Pure. */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const problems = [...input.problems].sort();
  return {
    schemaVersion: 1,
    takenAt: input.takenAt.toISOString(),
    source: { url: input.url, authentikVersion: input.version },
    settings: toSettings(input.settings),
    users: input.users.map(toUser).sort((a, b) => a.pk - b.pk),
    groups: input.groups.map(toGroup).sort((a, b) => compareText(a.name, b.name) || compareText(a.pk, b.pk)),
    applications: input.applications.map(toApplication).sort((a, b) => compareText(a.slug, b.slug)),
    bindings: input.bindings.map(toBinding).sort((a, b) => compareText(a.target, b.target) || a.order - b.order || compareText(a.pk, b.pk)),
    completeness: { complete: problems.length === 0, problems },
  };
}

function toSettings(settings: ApiSettings | null): SnapshotSettings {
  if (settings === null) return { defaultAppAccess: true, defaultAppAccessKnown: false };
  // A tenant that never saved the flag (or an authentik before 2026.5) gets authentik's default: open.
  return { defaultAppAccess: settings.flags?.core_default_app_access ?? true, defaultAppAccessKnown: true };
}

function toUser(user: ApiUser): SnapshotUser {
  return {
    pk: user.pk,
    username: user.username,
    name: user.name,
    isActive: user.is_active,
    isSuperuser: user.is_superuser,
    type: user.type ?? "internal",
  };
}

function toGroup(group: ApiGroup): SnapshotGroup {
  const parents = group.parents ?? (group.parent ? [group.parent] : []);
  return {
    pk: group.pk,
    name: group.name,
    isSuperuser: group.is_superuser,
    parents: [...new Set(parents)].sort(compareText),
    members: [...new Set(group.users)].sort((a, b) => a - b),
  };
}

function toApplication(application: ApiApplication): SnapshotApplication {
  return {
    pk: application.pk,
    slug: application.slug,
    name: application.name,
    policyEngineMode: application.policy_engine_mode ?? "any",
  };
}

function toBinding(binding: ApiPolicyBinding): SnapshotBinding {
  const kind = binding.group ? "group" : binding.user !== null && binding.user !== undefined ? "user" : "policy";
  return {
    pk: binding.pk,
    target: binding.target,
    kind,
    group: binding.group ?? null,
    user: binding.user ?? null,
    policy: binding.policy ?? null,
    policyName: binding.policy_obj?.name ?? null,
    enabled: binding.enabled,
    negate: binding.negate,
    order: binding.order,
    ...(binding.expires === undefined ? {} : { expires: binding.expires }),
  };
}
