import { describe, expect, it } from "vitest";
import type { BaselineAcceptance } from "../../src/baseline/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import {
  SEED_GROUPS,
  SEED_USERS,
  TAKEN_AT,
  editBaseline,
  editSnapshot,
  findGroup,
  seedBaseline,
  seedSnapshot,
} from "../fixtures/snapshots.js";

function accept(finding: string, until: string | null = null, line = 90): BaselineAcceptance {
  return { finding, reason: "riley helps with the migration", until, line };
}

/** riley (jodie here) added to cloud-users by hand: member-added plus two access changes. */
const drifted = editSnapshot(seedSnapshot(), (draft) => {
  findGroup(draft, SEED_GROUPS.cloud).members.push(SEED_USERS.jodie);
});

describe("diff/acceptances", () => {
  it("gives every finding a stable id from its kind and subject", () => {
    const result = diffBaseline(seedBaseline(), drifted);

    expect(result.findings.map((finding) => finding.id)).toEqual([
      "member-added:cloud-users/jodie",
      "superuser-not-exempt:akadmin",
      "superuser-not-exempt:matt",
    ]);
  });

  it("keeps an accepted finding visible but counts neither it nor the access changes it explains", () => {
    const baseline = editBaseline(seedBaseline(), (draft) => {
      draft.acceptances.push(accept("member-added:cloud-users/jodie", "2027-01-31"));
    });

    const result = diffBaseline(baseline, drifted);

    expect(result.inSync).toBe(true);
    expect(result.summary).toEqual({ critical: 0, warning: 0, info: 2, accepted: 1 });
    expect(result.findings.find((finding) => finding.kind === "member-added")?.accepted).toEqual({
      reason: "riley helps with the migration",
      until: "2027-01-31",
    });
    expect(result.accessChanges.map((change) => [change.slug, change.accepted])).toEqual([
      ["immich", true],
      ["nextcloud", true],
    ]);
    expect(result.accessChangeGroups.every((group) => group.accepted)).toBe(true);
  });

  it("counts an expired acceptance again, and says it expired", () => {
    const baseline = editBaseline(seedBaseline(), (draft) => {
      draft.acceptances.push(accept("member-added:cloud-users/jodie", TAKEN_AT.slice(0, 10)));
    });

    const result = diffBaseline(baseline, drifted);
    const finding = result.findings.find((candidate) => candidate.kind === "member-added");

    expect(result.inSync).toBe(false);
    expect(result.summary).toEqual({ critical: 0, warning: 1, info: 2, accepted: 0 });
    expect(finding?.accepted).toBeUndefined();
    expect(finding?.acceptanceExpired).toEqual({ reason: "riley helps with the migration", until: TAKEN_AT.slice(0, 10) });
    expect(result.accessChanges.every((change) => change.accepted === undefined)).toBe(true);
  });

  it("reports an acceptance that matches nothing as stale, with its line, and as a note only", () => {
    const baseline = editBaseline(seedBaseline(), (draft) => {
      draft.acceptances.push(accept("binding-missing:mailcow/communication-users", null, 91));
      draft.acceptances.push(accept("no-such-kind:mailcow", null, 92));
    });

    const result = diffBaseline(baseline, seedSnapshot());
    const stale = result.findings.filter((finding) => finding.kind === "acceptance-stale");

    expect(result.inSync).toBe(true);
    expect(stale.map((finding) => [finding.id, finding.severity, finding.message])).toEqual([
      [
        "acceptance-stale:binding-missing:mailcow/communication-users",
        "info",
        "runbook.md:91: the acceptance of binding-missing:mailcow/communication-users matches nothing: no such finding exists any more; remove the row",
      ],
      [
        "acceptance-stale:no-such-kind:mailcow",
        "info",
        'runbook.md:92: the acceptance of no-such-kind:mailcow matches nothing: "no-such-kind" is no finding kind (see the README\'s finding ids); remove the row',
      ],
    ]);
  });

  it("does not accept an access change that an unaccepted finding also explains", () => {
    const bothDrifted = editSnapshot(drifted, (draft) => {
      // A second, unaccepted reason on the same app: nextcloud's binding is negated.
      const binding = draft.bindings.find((candidate) => candidate.pk === "6ac8ccfc-7ca3-4288-a281-b78a1c675e57");
      if (binding) binding.negate = true;
    });
    const baseline = editBaseline(seedBaseline(), (draft) => {
      draft.acceptances.push(accept("member-added:cloud-users/jodie"));
    });

    const result = diffBaseline(baseline, bothDrifted);

    expect(result.inSync).toBe(false);
    expect(result.accessChanges.filter((change) => change.slug === "immich").map((change) => change.accepted)).toEqual([true]);
    expect(result.accessChanges.filter((change) => change.slug === "nextcloud").every((change) => change.accepted === undefined)).toBe(
      true,
    );
  });
});
