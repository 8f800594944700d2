import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import { createReportRenderer, toQuickReferenceView } from "../../src/report/index.js";
import type { Snapshot, SnapshotApplication, SnapshotBinding, SnapshotGroup, SnapshotUser } from "../../src/snapshot/index.js";
import { makeSnapshot } from "../fixtures/snapshots.js";

const renderer = createReportRenderer();

// Characters that Markdown would read as syntax, mixed with plain ones and a few non-ASCII letters.
const HOSTILE = ["|", "<", ">", "*", "`", "_", "\\", "[", "]", "&", "~", "#", "!", "(", ")", ",", ":", "-", " ", "é", "日", "🔐"];
const PLAIN = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];
const NONE_MARKERS = new Set(["", "—", "–", "-"]);

/**
 * Names the tables can express: not blank or a "none" marker, no surrounding whitespace (cells are
 * trimmed) and no line break (a cell is one line).
 */
function nameArbitrary(extra: readonly string[]): fc.Arbitrary<string> {
  return fc
    .string({ unit: fc.constantFrom(...PLAIN, ...PLAIN, ...extra), minLength: 1, maxLength: 14 })
    .filter((name) => name === name.trim() && !NONE_MARKERS.has(name));
}

// A Members cell is a comma-separated list ending in an optional "(superuser)": usernames cannot hold "," "(" or ")".
const usernameArbitrary = nameArbitrary(HOSTILE.filter((character) => ![",", "(", ")"].includes(character)));
const groupNameArbitrary = nameArbitrary(HOSTILE);
const appNameArbitrary = nameArbitrary(HOSTILE);
const slugArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/).filter((slug) => !NONE_MARKERS.has(slug));

/** A snapshot of what the tables can express: group bindings only, enabled, not negated, mode `any`, no nesting. */
const expressibleSnapshot: fc.Arbitrary<Snapshot> = fc
  .record({
    users: fc.uniqueArray(fc.record({ username: usernameArbitrary, isActive: fc.boolean(), isSuperuser: fc.boolean() }), {
      maxLength: 6,
      selector: (user) => user.username,
    }),
    groups: fc.uniqueArray(
      fc.record({ name: groupNameArbitrary, pk: fc.uuid(), isSuperuser: fc.boolean(), memberPicks: fc.array(fc.nat(), { maxLength: 4 }) }),
      { maxLength: 6, selector: (group) => group.name },
    ),
    apps: fc.uniqueArray(fc.record({ slug: slugArbitrary, name: appNameArbitrary, groupPicks: fc.array(fc.nat(), { maxLength: 3 }) }), {
      maxLength: 6,
      selector: (app) => app.slug,
    }),
    bindingPks: fc.uniqueArray(fc.uuid(), { minLength: 18, maxLength: 18 }),
    defaultAppAccess: fc.boolean(),
  })
  .filter(({ groups }) => new Set(groups.map((group) => group.pk)).size === groups.length)
  .map(({ users, groups, apps, bindingPks, defaultAppAccess }) => {
    const snapshotUsers: SnapshotUser[] = users.map((user, index) => ({
      pk: index + 1,
      username: user.username,
      name: user.username,
      isActive: user.isActive,
      isSuperuser: user.isSuperuser,
      type: "internal",
    }));
    const snapshotGroups: SnapshotGroup[] = groups.map((group) => ({
      pk: group.pk,
      name: group.name,
      isSuperuser: group.isSuperuser,
      parents: [],
      members:
        snapshotUsers.length === 0
          ? []
          : [...new Set(group.memberPicks.map((pick) => (snapshotUsers[pick % snapshotUsers.length] as SnapshotUser).pk))].sort(
              (a, b) => a - b,
            ),
    }));
    const applications: SnapshotApplication[] = apps.map((app) => ({
      pk: `app-${app.slug}`,
      slug: app.slug,
      name: app.name,
      policyEngineMode: "any",
    }));
    const bindings: SnapshotBinding[] = [];
    apps.forEach((app) => {
      if (snapshotGroups.length === 0) return;
      const bound = new Set(app.groupPicks.map((pick) => (snapshotGroups[pick % snapshotGroups.length] as SnapshotGroup).pk));
      [...bound].forEach((groupPk, order) => {
        bindings.push({
          pk: bindingPks[bindings.length] ?? "",
          target: `app-${app.slug}`,
          kind: "group",
          group: groupPk,
          user: null,
          policy: null,
          policyName: null,
          enabled: true,
          negate: false,
          order,
        });
      });
    });
    return makeSnapshot({ users: snapshotUsers, groups: snapshotGroups, applications, bindings, settings: { defaultAppAccess } });
  });

describe("report: the quick reference reads back as the state it was rendered from", () => {
  it("parses with no problems and diffs with no warning, critical finding or access change", () => {
    fc.assert(
      fc.property(expressibleSnapshot, fc.boolean(), fc.boolean(), (snapshot, matrix, notices) => {
        const markdown = renderer.quickReference(toQuickReferenceView(snapshot, { baseline: null, sections: { matrix, notices } }));

        const { baseline, problems } = parseBaseline(markdown, "quick-reference.md");

        expect(problems).toEqual([]);
        if (!baseline) throw new Error("no baseline despite no problems");
        expect(baseline.groups.map((group) => group.name).sort()).toEqual(snapshot.groups.map((group) => group.name).sort());
        expect(baseline.bindings).toHaveLength(snapshot.bindings.length);
        const diff = diffBaseline(baseline, snapshot);
        expect(diff.findings.filter((finding) => finding.severity !== "info")).toEqual([]);
        expect(diff.accessChanges).toEqual([]);
        expect(diff.inSync).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("renders the same tables again from the baseline it reads back (a fixed point)", () => {
    fc.assert(
      fc.property(expressibleSnapshot, (snapshot) => {
        const first = renderer.quickReference(
          toQuickReferenceView(snapshot, { baseline: null, sections: { matrix: false, notices: false } }),
        );
        const { baseline } = parseBaseline(first, "quick-reference.md");

        const second = renderer.quickReference(toQuickReferenceView(snapshot, { baseline, sections: { matrix: false, notices: false } }));

        expect(second).toBe(first);
      }),
      { numRuns: 100 },
    );
  });
});
