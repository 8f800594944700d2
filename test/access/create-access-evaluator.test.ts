import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAccessEvaluator } from "../../src/access/index.js";
import type { SnapshotBinding } from "../../src/snapshot/types.js";
import { TAKEN_AT, application, group, makeSnapshot, user } from "../fixtures/snapshots.js";
import type { SnapshotParts } from "../fixtures/snapshots.js";

const groupPks = ["g0", "g1", "g2", "g3", "g4"];
const userPks = [1, 2, 3, 4, 5, 6, 7];
const slugs = ["a0", "a1", "a2"];

/** Small random states: nested (sometimes cyclic) groups, every binding kind, negation, disabled and expired bindings. */
const arbitraryState = fc.record({
  version: fc.constantFrom(null, "2025.10.3", "2026.5.6"),
  defaultAppAccess: fc.boolean(),
  inactive: fc.subarray(userPks),
  groups: fc.tuple(...groupPks.map(() => fc.record({ members: fc.subarray(userPks), parents: fc.subarray(groupPks) }))),
  modes: fc.tuple(...slugs.map(() => fc.constantFrom("any" as const, "all" as const))),
  bindings: fc.array(
    fc.record({
      slug: fc.constantFrom(...slugs),
      kind: fc.constantFrom("group" as const, "user" as const, "policy" as const),
      group: fc.constantFrom(...groupPks, "g-unknown"),
      user: fc.constantFrom(...userPks, 99),
      negate: fc.boolean(),
      enabled: fc.boolean(),
      expires: fc.constantFrom(null, "2026-03-01T11:00:00Z", "2026-03-02T00:00:00Z"),
    }),
    { maxLength: 8 },
  ),
});

type ArbitraryState = typeof arbitraryState extends fc.Arbitrary<infer T> ? T : never;

function toParts(state: ArbitraryState): SnapshotParts {
  return {
    takenAt: TAKEN_AT,
    settings: { defaultAppAccess: state.defaultAppAccess, defaultAppAccessKnown: true },
    users: userPks.map((pk) => user(pk, `user${pk}`, { isActive: !state.inactive.includes(pk) })),
    groups: state.groups.map((entry, index) => group(groupPks[index] ?? "", `group${index}`, entry.members, { parents: entry.parents })),
    applications: slugs.map((slug, index) => application(slug, { policyEngineMode: state.modes[index] ?? "any" })),
    bindings: state.bindings.map(
      (entry, index): SnapshotBinding => ({
        pk: `b${index}`,
        target: `app-${entry.slug}`,
        kind: entry.kind,
        group: entry.kind === "group" ? entry.group : null,
        user: entry.kind === "user" ? entry.user : null,
        policy: entry.kind === "policy" ? `p${index}` : null,
        policyName: entry.kind === "policy" ? `policy${index}` : null,
        enabled: entry.enabled,
        negate: entry.negate,
        order: index,
        expires: entry.expires,
      }),
    ),
  };
}

describe("access/create-access-evaluator", () => {
  it("computes the same verdict with per-app set algebra as with one user at a time", () => {
    const property = fc.property(arbitraryState, (state) => {
      const snapshot = makeSnapshot(toParts(state));
      const evaluator = createAccessEvaluator(snapshot, { authentikVersion: state.version });

      for (const app of snapshot.applications) {
        const sets = evaluator.application(app.pk);
        for (const { pk } of snapshot.users) {
          const fromSets = sets.allow.has(pk) ? "allow" : sets.indeterminate.has(pk) ? "indeterminate" : "deny";
          expect(evaluator.decide(pk, app.pk).result, `user ${pk} on ${app.slug}`).toBe(fromSets);
        }
        expect(sets.everyone === null).toBe(evaluator.bindingsInForce(app.pk).length > 0);
      }
    });

    fc.assert(property, { numRuns: 400, seed: 20260301 });
  });

  it("computes effective membership through descendants only, and stops on cycles", () => {
    const snapshot = makeSnapshot({
      users: [user(1, "a"), user(2, "b"), user(3, "c"), user(4, "d")],
      groups: [
        group("g-root", "root", [1]),
        group("g-mid", "mid", [2], { parents: ["g-root", "g-leaf"] }),
        group("g-leaf", "leaf", [3], { parents: ["g-mid"] }),
        group("g-other", "other", [4]),
      ],
    });

    const evaluator = createAccessEvaluator(snapshot);

    expect([...evaluator.effectiveMembers("g-root")].sort()).toEqual([1, 2, 3]);
    expect([...evaluator.effectiveMembers("g-mid")].sort()).toEqual([2, 3]);
    expect([...evaluator.effectiveMembers("g-leaf")].sort()).toEqual([2, 3]);
    expect([...evaluator.descendantGroups("g-root")].sort()).toEqual(["g-leaf", "g-mid", "g-root"]);
    expect([...evaluator.effectiveMembers("g-missing")]).toEqual([]);
  });

  it("keeps only enabled, unexpired bindings, in order", () => {
    const snapshot = makeSnapshot({
      applications: [application("app")],
      bindings: [
        { ...baseBinding, pk: "late", order: 5 },
        { ...baseBinding, pk: "disabled", order: 1, enabled: false },
        { ...baseBinding, pk: "expired", order: 2, expires: "2026-02-01T00:00:00Z" },
        { ...baseBinding, pk: "early", order: 0, expires: "2027-01-01T00:00:00Z" },
        { ...baseBinding, pk: "elsewhere", target: "flow-x" },
      ],
    });

    const evaluator = createAccessEvaluator(snapshot);

    expect(evaluator.bindingsInForce("app-app").map((binding) => binding.pk)).toEqual(["early", "late"]);
  });
});

const baseBinding: SnapshotBinding = {
  pk: "",
  target: "app-app",
  kind: "group",
  group: "g",
  user: null,
  policy: null,
  policyName: null,
  enabled: true,
  negate: false,
  order: 0,
};
