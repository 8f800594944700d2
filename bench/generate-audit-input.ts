/**
 * A deterministic, realistically shaped authentik for benchmarks: nested groups (some with two parents),
 * users in a few groups each, mostly group-bound apps plus some user and policy bindings, and a baseline
 * written from it before a little drift is applied, so the diff has findings and access changes to find.
 */
import type { Baseline, BaselineBinding, BaselineGroup, BaselineUnboundApplication } from "../src/baseline/types.js";
import type { Snapshot, SnapshotApplication, SnapshotBinding, SnapshotGroup, SnapshotUser } from "../src/snapshot/types.js";

export interface AuditInputSize {
  users: number;
  groups: number;
  applications: number;
  bindings: number;
  /** Share of policy bindings. In `any` mode each makes every user not otherwise admitted indeterminate. */
  policyShare: number;
  seed: number;
}

export interface AuditInput {
  baseline: Baseline;
  snapshot: Snapshot;
}

export function generateAuditInput(size: AuditInputSize): AuditInput {
  const random = createRandom(size.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const users: SnapshotUser[] = Array.from({ length: size.users }, (_, index) => ({
    pk: index + 1,
    username: `user${String(index + 1).padStart(5, "0")}`,
    name: `User ${index + 1}`,
    isActive: random() > 0.03,
    isSuperuser: index < 10,
    type: "internal",
  }));

  const groups: SnapshotGroup[] = Array.from({ length: size.groups }, (_, index) => ({
    pk: uuid(1, index),
    name: index === 0 ? "authentik Admins" : `group-${String(index).padStart(3, "0")}`,
    isSuperuser: index === 0,
    parents: [],
    members: [],
  }));
  for (const [index, group] of groups.entries()) {
    // A fifth of the groups are top level; the rest hang below an earlier one, now and then two.
    if (index < size.groups / 5) continue;
    const parents = new Set([pick(groups.slice(1, index)).pk]);
    if (random() < 0.05) parents.add(pick(groups.slice(1, index)).pk);
    group.parents = [...parents].sort();
  }
  const members = groups.map(() => new Set<number>());
  for (const user of users) {
    if (user.pk <= 10) members[0]?.add(user.pk);
    const count = 1 + Math.floor(random() * 3);
    for (let n = 0; n < count; n += 1) members[1 + Math.floor(random() * (size.groups - 1))]?.add(user.pk);
  }
  groups.forEach((group, index) => {
    group.members = [...(members[index] ?? [])].sort((a, b) => a - b);
  });

  const boundCount = Math.floor(size.applications * 0.85);
  const applications: SnapshotApplication[] = Array.from({ length: size.applications }, (_, index) => ({
    pk: uuid(2, index),
    slug: `app-${String(index).padStart(3, "0")}`,
    name: `Application ${index}`,
    policyEngineMode: "any",
  }));

  const bindings: SnapshotBinding[] = [];
  const bindingBase = { user: null, policy: null, policyName: null, enabled: true, negate: false } as const;
  for (let index = 0; index < size.bindings + REMOVED_BINDINGS; index += 1) {
    const app = applications[index % boundCount] as SnapshotApplication;
    const order = Math.floor(index / boundCount);
    const pk = uuid(3, index);
    const roll = random();
    const common = { ...bindingBase, pk, target: app.pk, order, group: null };
    if (roll < 0.03) bindings.push({ ...common, kind: "user", user: pick(users).pk });
    else if (roll < 0.03 + size.policyShare) {
      bindings.push({ ...common, kind: "policy", policy: uuid(4, index), policyName: `policy-${index}` });
    } else bindings.push({ ...common, kind: "group", group: pick(groups.slice(1)).pk });
  }

  const snapshot: Snapshot = {
    schemaVersion: 1,
    takenAt: "2026-03-01T12:00:00.000Z",
    source: { url: "https://auth.example.com", authentikVersion: "2026.5.6" },
    settings: { defaultAppAccess: true, defaultAppAccessKnown: true },
    users,
    groups,
    applications,
    bindings,
    completeness: { complete: true, problems: [] },
  };
  const baseline = writeBaseline(snapshot);
  applyDrift(snapshot, random);
  return { baseline, snapshot: sortSnapshot(snapshot) };
}

function writeBaseline(snapshot: Snapshot): Baseline {
  const usernames = new Map(snapshot.users.map((user) => [user.pk, user.username]));
  const groupNames = new Map(snapshot.groups.map((group) => [group.pk, group.name]));
  let line = 0;
  const nextLine = (): number => {
    line += 1;
    return line;
  };
  const groups: BaselineGroup[] = snapshot.groups.map((group) => ({
    name: group.name,
    pk: group.pk,
    members: group.members.map((pk) => usernames.get(pk) ?? ""),
    isSuperuser: group.isSuperuser,
    parents: group.parents.map((pk) => groupNames.get(pk) ?? ""),
    line: nextLine(),
  }));
  const bindings: BaselineBinding[] = [];
  const unbound: BaselineUnboundApplication[] = [];
  for (const app of snapshot.applications) {
    const own = snapshot.bindings.filter((binding) => binding.target === app.pk && binding.kind === "group");
    if (own.length === 0 && !snapshot.bindings.some((binding) => binding.target === app.pk)) {
      unbound.push({ application: app.name, slug: app.slug, reason: "open on purpose", line: nextLine() });
    }
    for (const binding of own) {
      bindings.push({
        application: app.name,
        slug: app.slug,
        target: { kind: "group", name: groupNames.get(binding.group ?? "") ?? "" },
        bindingPk: binding.pk,
        enabled: binding.enabled,
        negate: binding.negate,
        expires: binding.expires ?? null,
        policyEngineMode: app.policyEngineMode === "any" ? null : app.policyEngineMode,
        line: nextLine(),
      });
    }
  }
  return { file: "generated.md", groups, bindings, unbound, acceptances: [] };
}

/** Made on top of `size.bindings` and deleted again by the drift, so the snapshot holds exactly `size.bindings`. */
const REMOVED_BINDINGS = 10;

/** A few of every common kind of drift. */
function applyDrift(snapshot: Snapshot, random: () => number): void {
  const at = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  for (let n = 0; n < 50; n += 1) {
    const group = at(snapshot.groups.slice(1));
    group.members = [...new Set([...group.members, at(snapshot.users).pk])].sort((a, b) => a - b);
  }
  for (let n = 0; n < 3; n += 1) at(snapshot.groups.slice(1)).name += "-renamed";
  for (let n = 0; n < 2; n += 1) at(snapshot.bindings).negate = true;
  for (let n = 0; n < 3; n += 1) at(snapshot.bindings).enabled = false;
  const removed = new Set(snapshot.bindings.slice(-REMOVED_BINDINGS));
  snapshot.bindings = snapshot.bindings.filter((binding) => !removed.has(binding));
}

function sortSnapshot(snapshot: Snapshot): Snapshot {
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    ...snapshot,
    groups: [...snapshot.groups].sort((a, b) => compare(a.name, b.name) || compare(a.pk, b.pk)),
    bindings: [...snapshot.bindings].sort((a, b) => compare(a.target, b.target) || a.order - b.order || compare(a.pk, b.pk)),
  };
}

function uuid(kind: number, index: number): string {
  return `${String(kind).padStart(8, "0")}-0000-4000-8000-${String(index).padStart(12, "0")}`;
}

/** mulberry32: tiny, fast, and the same numbers on every machine. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
