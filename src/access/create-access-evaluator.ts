import type { AccessState, PolicyEngineMode, SnapshotBinding, SnapshotUser } from "../snapshot/index.js";
import { createGroupMembership } from "./create-group-membership.js";
import type { GroupMembership } from "./create-group-membership.js";
import { describeBinding } from "./describe-binding.js";
import { getOrCreate } from "./get-or-create.js";
import type { BindingNames } from "./describe-binding.js";
import { hasAllModeBug } from "./has-all-mode-bug.js";
import { isBindingInForce } from "./is-binding-in-force.js";
import type { AccessResult, AccessVia } from "./types.js";
import {
  EVERYBODY,
  NOBODY,
  complementUserSet,
  includeUsers,
  intersectUserSets,
  intersection,
  materializeUserSet,
  onlyUser,
  unionUserSets,
} from "./user-set.js";
import type { UserSet } from "./user-set.js";
import { compareText } from "../text/index.js";

export interface AccessOptions {
  /** `version_current` of the audited authentik; enables the 2025.8-2025.12.4 `all`-mode emulation. */
  authentikVersion?: string | null;
  /** Overrides what the version says: evaluate with (true) or without (false) the `all`-mode bug. */
  allModeBug?: boolean;
  /**
   * An evaluator of a similar state (the live one, for the documented state or a plan's next step): groups
   * that are the same in both reuse its member sets, so building this one costs only what differs.
   */
  like?: AccessEvaluator;
}

export interface AccessDecision {
  result: AccessResult;
  /** Sorted, without duplicates. `inactive` for an inactive or unknown user, whom no rule is asked about. */
  via: AccessVia[];
}

/** One application's verdict over every active user. */
export interface ApplicationAccessSets {
  /** Set when the app has no binding in force, so the tenant default decides for everyone. */
  everyone: "allow" | "deny" | null;
  /** Active user pks allowed. When `everyone` is "allow", every active user, so callers can treat all apps alike. */
  allow: ReadonlySet<number>;
  /** Active user pks whose result hangs on a policy that a snapshot cannot evaluate. */
  indeterminate: ReadonlySet<number>;
}

/** The precomputed core that resolveAccess, resolveUserAccess and the diff share. */
export interface AccessEvaluator {
  /** Pks of the users with `isActive`: the only users who can be allowed anything. */
  readonly activeUsers: ReadonlySet<number>;
  /** Whether an app without bindings in force is open: the tenant flag, or authentik's default (open) when unknown. */
  readonly defaultAllows: boolean;
  /** Every binding targeting the app, disabled and expired ones included, by order. */
  allBindings(appPk: string): readonly SnapshotBinding[];
  /** Enabled, unexpired bindings targeting the app, in evaluation order. */
  bindingsInForce(appPk: string): readonly SnapshotBinding[];
  /** One user's verdict on one app; `via` names inherited access by its chain, `group:family → media-users`. */
  decide(userPk: number, appPk: string): AccessDecision;
  /** The pks of the groups behind a verdict: the bound groups in its `via` and every group on their chains. */
  involvedGroups(userPk: number, appPk: string): string[];
  /** Memoised per app. */
  application(appPk: string): ApplicationAccessSets;
  /** Users (active or not) who are members of the group directly or through any descendant group. */
  effectiveMembers(groupPk: string): ReadonlySet<number>;
  /** The group and every group below it. */
  descendantGroups(groupPk: string): ReadonlySet<string>;
  /** The group closures behind `effectiveMembers`, for an evaluator built `like` this one. */
  readonly membership: GroupMembership;
}

type BindingOutcome = "pass" | "fail" | "indeterminate";

/** A verdict and the bindings that decided it, before they are named for one user. */
interface CombinedDecision {
  result: AccessResult;
  via: SnapshotBinding[];
}

// The live and the documented state share their user list, so they share this set too: two views over
// the same active users then compare by their exclusions alone (see `symmetricDifference`).
const activeUsersByList = new WeakMap<readonly SnapshotUser[], ReadonlySet<number>>();
function activeUsersOf(users: readonly SnapshotUser[]): ReadonlySet<number> {
  return getOrCreate(activeUsersByList, users, () => new Set(users.filter((user) => user.isActive).map((user) => user.pk)));
}

/**
 * Builds the evaluator for one state. Access is decided with set algebra per application (group
 * closures are computed once and shared), never by walking every user through every binding, so a
 * whole matrix costs about one pass over the users per binding.
 */
export function createAccessEvaluator(state: AccessState, options: AccessOptions = {}): AccessEvaluator {
  const membership = createGroupMembership(state.groups, options.like?.membership);
  const allModeBug = options.allModeBug ?? hasAllModeBug(options.authentikVersion);
  // authentik's flag defaults to open, and a snapshot that could not read it says so with `defaultAppAccessKnown`.
  const defaultAllows = !state.settings.defaultAppAccessKnown || state.settings.defaultAppAccess;
  const defaultDecision: AccessDecision = { result: defaultAllows ? "allow" : "deny", via: ["default"] };

  const activeUsers = activeUsersOf(state.users);
  // Only `decide` names bindings, and most evaluators (one per step of a plan) never decide: build on first use.
  let names: BindingNames | undefined;
  const bindingNames = (): BindingNames => {
    names ??= {
      groupNames: new Map(state.groups.map((group) => [group.pk, group.name])),
      usernames: new Map(state.users.map((user) => [user.pk, user.username])),
    };
    return names;
  };
  const modes = new Map<string, PolicyEngineMode>(state.applications.map((app) => [app.pk, app.policyEngineMode]));

  const allByTarget = new Map<string, SnapshotBinding[]>();
  const bindingsByTarget = new Map<string, SnapshotBinding[]>();
  for (const binding of [...state.bindings].sort((a, b) => a.order - b.order)) {
    push(allByTarget, binding.target, binding);
    if (isBindingInForce(binding, state.takenAt)) push(bindingsByTarget, binding.target, binding);
  }

  const activeMembersCache = new Map<string, ReadonlySet<number>>();
  function activeMembers(groupPk: string): ReadonlySet<number> {
    return getOrCreate(activeMembersCache, groupPk, () => intersection(membership.members(groupPk), activeUsers));
  }

  function bindingsInForce(appPk: string): readonly SnapshotBinding[] {
    return bindingsByTarget.get(appPk) ?? [];
  }

  /** Who passes a group or user binding, negation applied. */
  function passingUsers(binding: SnapshotBinding): UserSet {
    const plain =
      binding.kind === "group"
        ? includeUsers(activeMembers(binding.group ?? ""))
        : binding.user !== null && activeUsers.has(binding.user)
          ? includeUsers(onlyUser(binding.user, activeUsers))
          : NOBODY;
    return binding.negate ? complementUserSet(plain) : plain;
  }

  const applicationCache = new Map<string, ApplicationAccessSets>();
  function application(appPk: string): ApplicationAccessSets {
    const cached = applicationCache.get(appPk);
    if (cached) return cached;
    const result = computeApplication(appPk);
    applicationCache.set(appPk, result);
    return result;
  }

  function computeApplication(appPk: string): ApplicationAccessSets {
    const bindings = bindingsInForce(appPk);
    if (bindings.length === 0) {
      return defaultAllows
        ? { everyone: "allow", allow: materializeUserSet(EVERYBODY, activeUsers), indeterminate: NOBODY.pks }
        : { everyone: "deny", allow: NOBODY.pks, indeterminate: NOBODY.pks };
    }
    // Union and intersection do not care about order, so the bindings are combined in one canonical
    // order: a state that lists the same bindings differently (a runbook sorted by group) then gets the
    // very same sets, and the diff sees at once that nothing changed.
    const staticSets = bindings
      .filter((binding) => binding.kind !== "policy")
      .map((binding) => ({ key: bindingKey(binding), set: passingUsers(binding) }))
      .sort((a, b) => compareText(a.key, b.key))
      .map((entry) => entry.set);
    const hasPolicy = staticSets.length < bindings.length;
    let allow: UserSet;
    let indeterminate: UserSet;
    if ((modes.get(appPk) ?? "any") === "any") {
      // One passing binding is enough; without one, an unevaluated policy might still be it.
      allow = staticSets.reduce(unionUserSets, NOBODY);
      indeterminate = hasPolicy ? complementUserSet(allow) : NOBODY;
    } else {
      const staticPass =
        staticSets.length === 0
          ? EVERYBODY
          : allModeBug
            ? staticSets.reduce(unionUserSets, NOBODY)
            : staticSets.reduce(intersectUserSets, EVERYBODY);
      // Every static binding passed; a policy could still fail, so those users are only "maybe".
      allow = hasPolicy ? NOBODY : staticPass;
      indeterminate = hasPolicy ? staticPass : NOBODY;
    }
    return {
      everyone: null,
      allow: materializeUserSet(allow, activeUsers),
      indeterminate: materializeUserSet(indeterminate, activeUsers),
    };
  }

  function outcome(binding: SnapshotBinding, userPk: number): BindingOutcome {
    if (binding.kind === "policy") return "indeterminate";
    const matches = binding.kind === "group" ? membership.members(binding.group ?? "").has(userPk) : binding.user === userPk;
    return matches !== binding.negate ? "pass" : "fail";
  }

  // A decision depends only on which bindings passed, so it is worked out once per app and outcome
  // pattern; the diff asks for thousands of them when a binding flips. Only the chains of inherited
  // membership in `via` are the user's own.
  const decisionCache = new Map<string, Map<string, CombinedDecision>>();
  function combined(userPk: number, appPk: string): CombinedDecision | null {
    const bindings = bindingsInForce(appPk);
    if (bindings.length === 0) return null;
    const outcomes = bindings.map((binding) => outcome(binding, userPk));
    const key = outcomes.join(",");
    const perApp = getOrCreate(decisionCache, appPk, () => new Map<string, CombinedDecision>());
    return getOrCreate(perApp, key, () => combine(modes.get(appPk) ?? "any", bindings, outcomes));
  }

  function decide(userPk: number, appPk: string): AccessDecision {
    // authentik refuses an inactive user before any binding is asked.
    if (!activeUsers.has(userPk)) return { result: "deny", via: ["inactive"] };
    const decision = combined(userPk, appPk);
    if (decision === null) return { result: defaultDecision.result, via: [...defaultDecision.via] };
    const labels = new Set(decision.via.map((binding) => label(binding, userPk)));
    return { result: decision.result, via: [...labels].sort(compareText) };
  }

  function involvedGroups(userPk: number, appPk: string): string[] {
    const decision = combined(userPk, appPk);
    if (decision === null) return [];
    const groups = new Set<string>();
    for (const binding of decision.via) {
      if (binding.kind !== "group" || binding.group === null) continue;
      for (const pk of membership.path(userPk, binding.group) ?? [binding.group]) groups.add(pk);
    }
    return [...groups].sort(compareText);
  }

  /** A binding's `via` label for this user: a passing, plain group binding shows the chain the user got in by. */
  function label(binding: SnapshotBinding, userPk: number): AccessVia {
    if (binding.kind !== "group" || binding.negate || binding.group === null) return describeBinding(binding, bindingNames());
    const chain = membership.path(userPk, binding.group);
    if (chain === null || chain.length <= 1) return describeBinding(binding, bindingNames());
    const { groupNames } = bindingNames();
    return `group:${chain.map((pk) => groupNames.get(pk) ?? pk).join(" → ")}`;
  }

  function combine(mode: PolicyEngineMode, bindings: readonly SnapshotBinding[], outcomes: readonly BindingOutcome[]): CombinedDecision {
    // The buggy fast path counted static bindings as one result that passed when any of them did.
    const effective =
      mode === "all" && allModeBug && outcomes.includes("pass") ? outcomes.map((item) => (item === "fail" ? "pass" : item)) : outcomes;
    const via = (wanted?: BindingOutcome): SnapshotBinding[] =>
      bindings.filter((_, index) => wanted === undefined || effective[index] === wanted);

    if (mode === "any") {
      if (effective.includes("pass")) return { result: "allow", via: via("pass") };
      return { result: effective.includes("indeterminate") ? "indeterminate" : "deny", via: via() };
    }
    if (effective.includes("fail")) return { result: "deny", via: via("fail") };
    if (effective.includes("indeterminate")) return { result: "indeterminate", via: via("indeterminate") };
    return { result: "allow", via: via() };
  }

  return {
    activeUsers,
    defaultAllows,
    allBindings: (appPk) => allByTarget.get(appPk) ?? [],
    bindingsInForce,
    decide,
    involvedGroups,
    application,
    effectiveMembers: membership.members,
    descendantGroups: membership.descendants,
    membership,
  };
}

/** What a static binding's passing users depend on, so equal bindings sort together whatever their pk. */
function bindingKey(binding: SnapshotBinding): string {
  return `${binding.kind}:${binding.group ?? binding.user ?? ""}:${binding.negate ? "!" : ""}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
