import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import {
  MARKDOWN_COMMENT_LIMIT,
  createReportRenderer,
  renderDiffMarkdown,
  toDiffReportView,
  toQuickReferenceView,
} from "../../src/report/index.js";
import { generateSimulatorState } from "../../src/simulator/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { makeSnapshot, user } from "../fixtures/snapshots.js";

const renderer = createReportRenderer();

/** A 5,000-user tenant documented as it is, then drifted: every group's members replaced, every app's bindings moved. */
function drifted(): { baseline: ReturnType<typeof parseBaseline>["baseline"]; snapshot: Snapshot } {
  const state = generateSimulatorState({ users: 5_000, groups: 500, applications: 300, bindings: 900, seed: 7 });
  const users = state.users.map((entry) => user(entry.pk, entry.username, { isActive: entry.is_active ?? true }));
  const pkByName = new Map(users.map((entry) => [entry.username, entry.pk]));
  const snapshot = makeSnapshot({
    users,
    groups: state.groups.map((group) => ({
      pk: group.pk,
      name: group.name,
      isSuperuser: group.is_superuser ?? false,
      parents: [...(group.parents ?? [])].sort(),
      members: (group.members ?? []).flatMap((name) => pkByName.get(name) ?? []).sort((a, b) => a - b),
    })),
    applications: state.applications.map((app) => ({
      pk: app.pk,
      slug: app.slug,
      name: app.name,
      policyEngineMode: app.policy_engine_mode ?? "any",
    })),
    bindings: state.bindings
      .filter((binding) => binding.group !== undefined)
      .map((binding) => ({
        pk: binding.pk,
        target: binding.target,
        kind: "group" as const,
        group: binding.group ?? null,
        user: null,
        policy: null,
        policyName: null,
        enabled: true,
        negate: false,
        order: binding.order ?? 0,
      })),
  });
  const markdown = renderer.quickReference(toQuickReferenceView(snapshot, { baseline: null, sections: { matrix: false, notices: false } }));
  const { baseline } = parseBaseline(markdown, "runbook.md");
  // Everyone moves: each group's members shift by one user, so thousands gain and lose access.
  const moved: Snapshot = {
    ...snapshot,
    groups: snapshot.groups.map((group) => ({
      ...group,
      members: group.members.map((pk) => (pk % users.length) + 1).sort((a, b) => a - b),
    })),
  };
  return { baseline, snapshot: moved };
}

describe("report: the Markdown diff fits a PR comment", () => {
  it("stays under 65,536 characters for a drift on a 5,000-user tenant, pointing to /diff and --details", () => {
    const { baseline, snapshot } = drifted();
    if (baseline === null) throw new Error("the generated runbook does not parse");
    const diff = diffBaseline(baseline, snapshot);
    const context = {
      baselineFile: "runbook.md",
      source: "https://auth.example.com",
      takenAt: snapshot.takenAt,
      applications: snapshot.applications,
      completenessProblems: [],
    };

    // What the report would be without the cut, for scale.
    const whole = renderer.diffReport(toDiffReportView(diff, context));
    const markdown = renderDiffMarkdown(renderer, diff, context);

    expect(diff.accessChanges.length).toBeGreaterThan(4_000);
    expect(whole.length).toBeGreaterThan(MARKDOWN_COMMENT_LIMIT);
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_COMMENT_LIMIT);
    expect(markdown).toContain("more rows are not shown here to keep this report short enough to post: see `/diff` on the service");
    expect(markdown).toContain("### Access changes (");
  });
});
