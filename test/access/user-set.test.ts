import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  activeCandidatesOutside,
  activeUsersExcept,
  complementUserSet,
  includeUsers,
  intersectUserSets,
  materializeUserSet,
  symmetricDifference,
  unionUserSets,
} from "../../src/access/user-set.js";
import type { UserSet } from "../../src/access/user-set.js";

const pks = fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 40 });

/** The plain reading of a UserSet, to check the algebra and the views against. */
function spelledOut(set: UserSet, active: ReadonlySet<number>): Set<number> {
  return new Set([...active].filter((pk) => set.pks.has(pk) !== set.complement));
}

describe("activeUsersExcept", () => {
  it("reads like the Set it stands for: has, size, iteration order, entries and forEach", () => {
    const view = activeUsersExcept(new Set([5, 1, 9, 3]), new Set([9, 7]));
    expect([...view]).toEqual([5, 1, 3]);
    expect(view.size).toBe(3);
    expect(view.has(1)).toBe(true);
    expect(view.has(9)).toBe(false);
    expect(view.has(7)).toBe(false);
    expect([...view.entries()]).toEqual([
      [5, 5],
      [1, 1],
      [3, 3],
    ]);
    const seen: number[] = [];
    view.forEach((pk) => {
      seen.push(pk);
    });
    expect(seen).toEqual([5, 1, 3]);
  });

  it("agrees with the spelled-out set for any active users and exclusions", () => {
    fc.assert(
      fc.property(pks, pks, (active, excluded) => {
        const view = activeUsersExcept(new Set(active), new Set(excluded));
        const expected = active.filter((pk) => !excluded.includes(pk));
        expect([...view]).toEqual(expected);
        expect(view.size).toBe(expected.length);
        for (let pk = 0; pk <= 41; pk += 1) expect(view.has(pk)).toBe(expected.includes(pk));
      }),
    );
  });
});

describe("user set algebra", () => {
  const userSet = fc.record({ complement: fc.boolean(), pks }).map(({ complement, pks: members }) => {
    const set = includeUsers(new Set(members));
    return complement ? complementUserSet(set) : set;
  });

  it("union, intersection and complement match the same operations on spelled-out sets", () => {
    fc.assert(
      fc.property(pks, userSet, userSet, (activeList, a, b) => {
        const active = new Set(activeList);
        const [left, right] = [spelledOut(a, active), spelledOut(b, active)];
        const union = materializeUserSet(unionUserSets(a, b), active);
        const both = materializeUserSet(intersectUserSets(a, b), active);
        // Plain sets are trusted to hold active users only, so compare within the active users.
        expect(new Set([...active].filter((pk) => union.has(pk)))).toEqual(
          new Set([...active].filter((pk) => left.has(pk) || right.has(pk))),
        );
        expect(new Set([...active].filter((pk) => both.has(pk)))).toEqual(
          new Set([...active].filter((pk) => left.has(pk) && right.has(pk))),
        );
        expect(spelledOut(complementUserSet(a), active)).toEqual(new Set([...active].filter((pk) => !left.has(pk))));
      }),
    );
  });

  it("symmetricDifference gives the same users whether it takes the shortcut for two views or not", () => {
    fc.assert(
      fc.property(pks, pks, pks, (activeList, excludedA, excludedB) => {
        const active = new Set(activeList);
        const [a, b] = [activeUsersExcept(active, new Set(excludedA)), activeUsersExcept(active, new Set(excludedB))];
        const [plainA, plainB] = [new Set(a), new Set(b)];
        const expected = new Set([...plainA, ...plainB].filter((pk) => plainA.has(pk) !== plainB.has(pk)));
        expect(symmetricDifference(a, b)).toEqual(expected);
        expect(symmetricDifference(plainA, plainB)).toEqual(expected);
        expect(symmetricDifference(a, plainB)).toEqual(expected);
      }),
    );
  });

  it("activeCandidatesOutside finds the same users through a view's exclusions as by asking each candidate", () => {
    fc.assert(
      fc.property(pks, pks, pks, (activeList, excluded, candidateList) => {
        const active = new Set(activeList);
        const candidates = new Set(candidateList.filter((pk) => active.has(pk)));
        const view = activeUsersExcept(active, new Set(excluded));
        const expected = [...candidates].filter((pk) => !view.has(pk)).sort((a, b) => a - b);
        expect(activeCandidatesOutside(candidates, view).sort((a, b) => a - b)).toEqual(expected);
        expect(activeCandidatesOutside(candidates, new Set(view)).sort((a, b) => a - b)).toEqual(expected);
      }),
    );
  });
});
