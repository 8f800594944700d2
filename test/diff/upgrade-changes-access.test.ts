import { describe, expect, it } from "vitest";
import { diffBaseline } from "../../src/diff/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import {
  SEED_GROUPS,
  SEED_USERS,
  editBaseline,
  editSnapshot,
  findGroup,
  groupBinding,
  seedBaseline,
  seedSnapshot,
} from "../fixtures/snapshots.js";

/** Jellyfin in `all` mode with two group bindings, documented so: jodie passes media-users only, matt both. */
function allModeTenant(version: string): { snapshot: Snapshot; baseline: ReturnType<typeof seedBaseline> } {
  const snapshot = editSnapshot(seedSnapshot(), (draft) => {
    draft.source.authentikVersion = version;
    const jellyfin = draft.applications.find((app) => app.slug === "jellyfin");
    if (jellyfin) jellyfin.policyEngineMode = "all";
    draft.bindings.push(groupBinding("jellyfin", SEED_GROUPS.cloud, { pk: "7e7e7e7e-0000-4000-8000-000000000002", order: 1 }));
    findGroup(draft, SEED_GROUPS.cloud).members.push(SEED_USERS.matt);
    findGroup(draft, SEED_GROUPS.media).members.push(SEED_USERS.matt);
  });
  const baseline = editBaseline(seedBaseline(), (draft) => {
    for (const row of draft.bindings) if (row.slug === "jellyfin") row.policyEngineMode = "all";
    const first = draft.bindings.find((row) => row.slug === "jellyfin");
    if (first)
      draft.bindings.splice(draft.bindings.indexOf(first) + 1, 0, {
        ...first,
        target: { kind: "group", name: "cloud-users" },
        bindingPk: null,
        line: 99,
      });
    for (const group of draft.groups) {
      if (group.name === "cloud-users" || group.name === "media-users") group.members.push("matt");
    }
  });
  return { snapshot, baseline };
}

describe("diff: version-aware engine mode", () => {
  it("warns on 2025.12.4 who an upgrade past the all-mode bug will lock out", () => {
    const { snapshot, baseline } = allModeTenant("2025.12.4");

    const diff = diffBaseline(baseline, snapshot);
    const upgrade = diff.findings.filter((finding) => finding.kind === "upgrade-changes-access");

    expect(upgrade.map((finding) => [finding.id, finding.severity, finding.expected, finding.actual])).toEqual([
      ["upgrade-changes-access:jellyfin", "warning", 2, 1],
    ]);
    expect(upgrade[0]?.message).toBe(
      'Jellyfin uses policy engine mode "all", which authentik 2025.12.4 applies like "any" to group and user bindings; after an upgrade to 2025.12.5, 2026.2.0 or later, 1 will lose access (jodie)',
    );
    // Documented as it is: no drift, no access change; the warning is about the upgrade alone.
    expect(diff.accessChanges).toEqual([]);
    expect(diff.findings.filter((finding) => finding.severity !== "info" && finding.kind !== "upgrade-changes-access")).toEqual([]);
  });

  it.each(["2025.12.5", "2026.2.0", "2025.6.3"])("says nothing about an upgrade on %s", (version) => {
    const { snapshot, baseline } = allModeTenant(version);

    const diff = diffBaseline(baseline, snapshot);

    expect(diff.findings.filter((finding) => finding.kind === "upgrade-changes-access")).toEqual([]);
    expect(diff.inSync).toBe(true);
  });

  it("says what the version really does when the mode differs from the runbook's", () => {
    const { snapshot } = allModeTenant("2025.10.3");
    const baseline = editBaseline(allModeTenant("2025.10.3").baseline, (draft) => {
      for (const row of draft.bindings) row.policyEngineMode = null;
    });

    const finding = diffBaseline(baseline, snapshot).findings.find((candidate) => candidate.kind === "application-engine-mode");

    expect(finding?.message).toBe(
      'Jellyfin\'s policy engine mode is "all", but the runbook says "any"; on authentik 2025.10.3, "all" works like "any" for group and user bindings (one passing binding is enough), but from 2025.12.5 and 2026.2.0 on a user must pass every one of them',
    );
  });
});
