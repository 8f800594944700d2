import { createAccessEvaluator } from "../access/index.js";
import type { AccessEvaluator, AccessOptions, ApplicationAccessSets } from "../access/index.js";
import type { AccessState } from "../snapshot/index.js";
import { plannedGroupPk } from "./apply-change-to-state.js";
import type { AccessEffect, ApplicationAccessSummary, Change, SuperuserEffect } from "./types.js";

/** The changes that can make someone a superuser or stop them being one. */
const SUPERUSER_CHANGES: ReadonlySet<Change["kind"]> = new Set(["set-group-superuser", "set-group-parents", "add-member", "remove-member"]);

/**
 * What one change does to people: for every application it can touch, who gains and who loses access,
 * with authentik's own rules (src/access) applied to the states before and after. Only the applications
 * the change can affect are evaluated, so a plan of hundreds of steps stays cheap: a binding or engine
 * mode change touches its app; a membership or hierarchy change touches the apps bound to the group
 * or to any group above it.
 */
export function describeAccessEffects(
  before: AccessState,
  after: AccessState,
  change: Change,
  options: AccessOptions = {},
): { effects: AccessEffect[]; superusers: SuperuserEffect } {
  return describeEvaluatedEffects(
    { state: before, evaluator: createAccessEvaluator(before, options) },
    { state: after, evaluator: createAccessEvaluator(after, options) },
    change,
  );
}

/** A state with its evaluator, so that a walk over many steps builds each evaluator once. */
export interface EvaluatedState {
  state: AccessState;
  evaluator: AccessEvaluator;
}

/** `describeAccessEffects` with evaluators already built. */
export function describeEvaluatedEffects(
  beforeState: EvaluatedState,
  afterState: EvaluatedState,
  change: Change,
): { effects: AccessEffect[]; superusers: SuperuserEffect } {
  const before = beforeState.state;
  const after = afterState.state;
  const evaluators = { before: beforeState.evaluator, after: afterState.evaluator };
  const usernames = new Map(after.users.map((user) => [user.pk, user.username]));
  const effects: AccessEffect[] = [];
  for (const app of affectedApplications(before, after, change, evaluators)) {
    const effect = compareApplication(app, evaluators.before.application(app.pk), evaluators.after.application(app.pk), usernames);
    if (effect) effects.push(effect);
  }
  const superusers = SUPERUSER_CHANGES.has(change.kind)
    ? compareSuperusers(before, after, evaluators, usernames)
    : { gained: [], lost: [] };
  return { effects, superusers };
}

function affectedApplications(
  before: AccessState,
  after: AccessState,
  change: Change,
  evaluators: { before: AccessEvaluator; after: AccessEvaluator },
): AccessState["applications"] {
  switch (change.kind) {
    case "create-binding":
    case "update-binding":
    case "delete-binding":
    case "set-engine-mode":
      return after.applications.filter((app) => app.pk === change.application.pk);
    case "rename-group":
    case "set-group-superuser":
    case "create-group":
      // A name, the superuser flag and an empty new group decide nobody's access to an app.
      return [];
    case "add-member":
    case "remove-member":
    case "set-group-parents": {
      const changed = plannedGroupPk(change.group);
      const reaches = (evaluator: AccessEvaluator, groupPk: string | null): boolean =>
        groupPk !== null && evaluator.descendantGroups(groupPk).has(changed);
      // One pass over the bindings (in force in either state, the only ones that decide anything).
      const targets = new Set<string>();
      for (const [state, evaluator] of [
        [before, evaluators.before],
        [after, evaluators.after],
      ] as const) {
        for (const binding of state.bindings) {
          if (binding.kind === "group" && !targets.has(binding.target) && reaches(evaluator, binding.group)) targets.add(binding.target);
        }
      }
      return after.applications.filter((app) => targets.has(app.pk));
    }
  }
}

function compareApplication(
  app: AccessState["applications"][number],
  before: ApplicationAccessSets,
  after: ApplicationAccessSets,
  usernames: ReadonlyMap<number, string>,
): AccessEffect | null {
  const gained = [...after.allow].filter((pk) => !before.allow.has(pk));
  const lost = [...before.allow].filter((pk) => !after.allow.has(pk));
  const summaryBefore = summarize(before);
  const summaryAfter = summarize(after);
  if (gained.length === 0 && lost.length === 0 && summaryBefore.decidedBy === summaryAfter.decidedBy) return null;
  const names = (pks: number[]): string[] => pks.map((pk) => usernames.get(pk) ?? `pk:${pk}`).sort(compareText);
  return { slug: app.slug, name: app.name, before: summaryBefore, after: summaryAfter, gained: names(gained), lost: names(lost) };
}

function summarize(sets: ApplicationAccessSets): ApplicationAccessSummary {
  const decidedBy = sets.everyone === "allow" ? "everyone" : sets.everyone === "deny" ? "nobody" : "bindings";
  return { decidedBy, allowed: sets.allow.size };
}

/** Superuser status as group membership gives it: a direct or inherited member of any superuser group. */
function compareSuperusers(
  before: AccessState,
  after: AccessState,
  evaluators: { before: AccessEvaluator; after: AccessEvaluator },
  usernames: ReadonlyMap<number, string>,
): SuperuserEffect {
  const superusers = (state: AccessState, evaluator: AccessEvaluator): Set<number> => {
    const pks = new Set<number>();
    for (const group of state.groups) if (group.isSuperuser) for (const pk of evaluator.effectiveMembers(group.pk)) pks.add(pk);
    return pks;
  };
  const was = superusers(before, evaluators.before);
  const is = superusers(after, evaluators.after);
  const names = (pks: number[]): string[] => pks.map((pk) => usernames.get(pk) ?? `pk:${pk}`).sort(compareText);
  return { gained: names([...is].filter((pk) => !was.has(pk))), lost: names([...was].filter((pk) => !is.has(pk))) };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
