import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import type { Baseline } from "../../src/baseline/index.js";
import { createReportRenderer, injectQuickReference, toQuickReferenceView } from "../../src/report/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { application, group, groupBinding, makeSnapshot, user } from "../fixtures/snapshots.js";

const seedPath = new URL("../../../shared/seed/access-groups-runbook.md", import.meta.url);
const examplePath = new URL("../../examples/access-groups.md", import.meta.url);
const hasSeed = existsSync(seedPath);

/** The pk the documented authentik gives Jellyseer's binding, which the runbook leaves as `*(existing)*`. */
const JELLYSEER_PK = "7d0c6a4e-2b1f-4c3d-9e8a-5f6b7c8d9e0a";
const LAST_UPDATED = "2026-03-01 — regenerated from authentik by ak-access";
const USERS = ["akadmin", "matt", "jodie"];

/** An authentik holding exactly what the runbook's tables document, built from those tables. */
function documentedSnapshot(baseline: Baseline): Snapshot {
  const userPks = new Map(USERS.map((username, index) => [username, index + 1]));
  const groupPks = new Map(baseline.groups.map((row) => [row.name, row.pk]));
  const superusers = new Set(baseline.groups.filter((row) => row.isSuperuser).flatMap((row) => row.members));
  return makeSnapshot({
    users: USERS.map((username) => user(userPks.get(username) ?? 0, username, { isSuperuser: superusers.has(username) })),
    groups: baseline.groups.map((row) =>
      group(
        row.pk,
        row.name,
        row.members.map((username) => userPks.get(username) ?? 0).sort((a, b) => a - b),
        { isSuperuser: row.isSuperuser },
      ),
    ),
    applications: [...baseline.bindings, ...baseline.unbound].map((row) => application(row.slug, { name: row.application })),
    bindings: baseline.bindings.map((row, index) =>
      groupBinding(row.slug, groupPks.get(row.group) ?? "", { pk: row.bindingPk ?? JELLYSEER_PK, order: index }),
    ),
  });
}

function reproduce(path: URL): { original: string; injected: ReturnType<typeof injectQuickReference> } {
  const original = readFileSync(path, "utf8");
  const { baseline } = parseBaseline(original, "runbook.md");
  if (!baseline) throw new Error(`${path.pathname} does not parse`);
  const renderer = createReportRenderer();
  const view = toQuickReferenceView(documentedSnapshot(baseline), { baseline, sections: { matrix: false, notices: false } });

  const injected = injectQuickReference(original, {
    tables: renderer.quickReferenceTables(view),
    section: renderer.quickReference(view),
    lastUpdated: LAST_UPDATED,
  });
  return { original, injected };
}

/** The original with only the two expected edits: Jellyseer's real pk, and the Last updated line. */
function expectedRewrite(original: string): string {
  expect(original.split("| *(existing)* |")).toHaveLength(2);
  expect(original.match(/^\*Last updated: .*\*$/gm)).toHaveLength(1);
  return original
    .replace("| *(existing)* |", `| \`${JELLYSEER_PK}\` |`)
    .replace(/^\*Last updated: .*\*$/m, `*Last updated: ${LAST_UPDATED}*`);
}

describe("report: injecting the documented state reproduces the runbook", () => {
  it("rewrites the project's example runbook with only the pinned pk and the Last updated line changed", () => {
    const { original, injected } = reproduce(examplePath);

    expect(injected).toEqual({ ok: true, text: expectedRewrite(original), changed: true, usedMarkers: false, updatedLastUpdated: true });
  });

  it.skipIf(!hasSeed)(
    "rewrites the user's seed runbook with only the pinned pk and the Last updated line changed (skipped: ../shared/seed is absent)",
    () => {
      const { original, injected } = reproduce(seedPath);

      expect(injected).toEqual({ ok: true, text: expectedRewrite(original), changed: true, usedMarkers: false, updatedLastUpdated: true });
    },
  );

  it("changes nothing on a second injection into the rewritten example", () => {
    const { injected } = reproduce(examplePath);
    if (!injected.ok) throw new Error(injected.message);
    const rewritten = injected.text;
    const { baseline } = parseBaseline(rewritten, "runbook.md");
    if (!baseline) throw new Error("the rewritten runbook does not parse");
    const renderer = createReportRenderer();
    const view = toQuickReferenceView(documentedSnapshot(baseline), { baseline, sections: { matrix: false, notices: false } });

    const again = injectQuickReference(rewritten, {
      tables: renderer.quickReferenceTables(view),
      section: "",
      lastUpdated: "2026-04-01 — later run",
    });

    expect(again).toEqual({ ok: true, text: rewritten, changed: false, usedMarkers: false, updatedLastUpdated: false });
  });
});
