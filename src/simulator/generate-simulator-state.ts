// mulberry32, the same sequence on every platform: the one `verify --seed` uses.
import { createRandom } from "../verify/create-random.js";
import { resolveFeatures } from "./resolve-features.js";
import type {
  SimulatorApplication,
  SimulatorBinding,
  SimulatorGroup,
  SimulatorPolicy,
  SimulatorState,
  SimulatorUser,
} from "./simulator-state.js";

export interface GenerateSimulatorStateOptions {
  /** At least 1: user 1 is always "akadmin". */
  users: number;
  /** At least 1: group 1 is always the superuser group "authentik Admins". */
  groups: number;
  applications: number;
  bindings: number;
  /** PRNG seed; the same options always give the same state. Default 1. */
  seed?: number;
  /** Default "2026.8.3". */
  version?: string;
}

/** The key of the one token in a generated state (owner akadmin, a superuser). */
export const generatedAdminToken = "generated-admin-token";

/**
 * A large, deterministic state for tests and benchmarks, shaped like a real tenant: users in a few
 * groups each; some groups nested under earlier ones (and a helper group under the admins, so
 * superuser status is also inherited); about one app in seven unbound; bindings mostly to groups,
 * with a few user, policy, negated and disabled ones (and expiring ones on 2026.8+).
 */
export function generateSimulatorState(options: GenerateSimulatorStateOptions): SimulatorState {
  if (options.users < 1 || options.groups < 1) throw new RangeError("generateSimulatorState needs at least one user and one group");
  if (options.bindings > 0 && options.applications < 1) throw new RangeError("generateSimulatorState needs an application to bind to");
  const version = options.version ?? "2026.8.3";
  const features = resolveFeatures(version);
  const random = createRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const users: SimulatorUser[] = [{ pk: 1, username: "akadmin", name: "authentik Default Admin", email: "root@example.com" }];
  for (let pk = 2; pk <= options.users; pk += 1) {
    const id = pad(pk);
    const user: SimulatorUser = { pk, username: `user${id}`, name: `User ${id}`, email: `user${id}@example.com` };
    if (random() < 0.03) user.is_active = false;
    users.push(user);
  }

  const groups: SimulatorGroup[] = [
    { pk: randomUuid(random), name: "authentik Admins", is_superuser: true, parents: [], members: ["akadmin"] },
  ];
  for (let i = 2; i <= options.groups; i += 1) {
    groups.push({ pk: randomUuid(random), name: `group-${pad(i)}`, is_superuser: false, parents: [], members: [] });
  }
  const admins = groups[0] as SimulatorGroup;
  const helpers = groups[1];
  if (helpers) helpers.parents = [admins.pk];
  // Only earlier groups become parents, so the hierarchy cannot have a cycle.
  for (let i = 3; i < groups.length; i += 1) {
    const group = groups[i] as SimulatorGroup;
    if (random() >= 0.3) continue;
    const parents = new Set([(groups[1 + Math.floor(random() * (i - 1))] as SimulatorGroup).pk]);
    if (features.groupParents && random() < 0.15) parents.add((groups[1 + Math.floor(random() * (i - 1))] as SimulatorGroup).pk);
    group.parents = [...parents];
  }
  const memberGroups = groups.slice(helpers ? 2 : 1);
  for (const user of users.slice(1)) {
    if (helpers && random() < 0.002) helpers.members?.push(user.username);
    if (memberGroups.length === 0) continue;
    const count = Math.floor(random() * 4);
    const chosen = new Set<SimulatorGroup>();
    for (let k = 0; k < count; k += 1) chosen.add(pick(memberGroups));
    for (const group of chosen) group.members?.push(user.username);
  }

  const applications: SimulatorApplication[] = [];
  for (let i = 1; i <= options.applications; i += 1) {
    const app: SimulatorApplication = {
      pk: randomUuid(random),
      slug: `app-${pad(i)}`,
      name: `App ${pad(i)}`,
      meta_launch_url: `https://app-${pad(i)}.example.com/`,
    };
    if (random() < 0.05) app.policy_engine_mode = "all";
    applications.push(app);
  }

  const policies: SimulatorPolicy[] = [
    { pk: randomUuid(random), name: "always-allow", result: true },
    { pk: randomUuid(random), name: "always-deny", result: false },
  ];
  const bound = applications.filter((_, i) => i % 7 !== 6);
  const bindTargets = bound.length > 0 ? bound : applications;
  const nextOrder = new Map<string, number>();
  const bindings: SimulatorBinding[] = [];
  for (let i = 0; i < options.bindings; i += 1) {
    const target = pick(bindTargets).pk;
    const order = nextOrder.get(target) ?? 0;
    nextOrder.set(target, order + 1);
    const binding: SimulatorBinding = { pk: randomUuid(random), target, order };
    const kind = random();
    if (kind < 0.04) binding.user = pick(users).username;
    else if (kind < 0.07) binding.policy = pick(policies).pk;
    else binding.group = pick(groups).pk;
    if (random() < 0.03) binding.negate = true;
    if (random() < 0.04) binding.enabled = false;
    if (features.expiringBindings && random() < 0.02) binding.expires = random() < 0.5 ? "2025-06-01T00:00:00Z" : "2030-01-01T00:00:00Z";
    bindings.push(binding);
  }

  return {
    version,
    settings: { flags: { core_default_app_access: true } },
    tokens: [{ key: generatedAdminToken, user: "akadmin" }],
    users,
    groups,
    applications,
    policies,
    bindings,
  };
}

function randomUuid(random: () => number): string {
  let hex = "";
  for (let i = 0; i < 32; i += 1) hex += Math.floor(random() * 16).toString(16);
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function pad(n: number): string {
  return String(n).padStart(4, "0");
}
