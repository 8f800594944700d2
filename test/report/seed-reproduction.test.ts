import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { locateBaselineTables, parseBaseline } from "../../src/baseline/index.js";
import type { Baseline } from "../../src/baseline/index.js";
import { createReportRenderer, regenerateRunbook, toQuickReferenceView } from "../../src/report/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { application, editSnapshot, group, groupBinding, makeSnapshot, user } from "../fixtures/snapshots.js";

const seedPath = new URL("../../../shared/seed/access-groups-runbook.md", import.meta.url);
const examplePath = new URL("../../examples/access-groups.md", import.meta.url);
const hasSeed = existsSync(seedPath);

/** The pk the documented authentik gives Jellyseer's binding, which the runbook leaves as `*(existing)*`. */
const JELLYSEER_PK = "7d0c6a4e-2b1f-4c3d-9e8a-5f6b7c8d9e0a";
const USERS = ["akadmin", "matt", "jodie", "riley"];
const SECTIONS = { matrix: false, notices: false };
const renderer = createReportRenderer();

/** An authentik holding exactly what the runbook's tables document, built from those tables. */
function documentedSnapshot(baseline: Baseline): Snapshot {
  const userPks = new Map(USERS.map((username, index) => [username, index + 1]));
  const groupPks = new Map(baseline.groups.map((row) => [row.name, row.pk]));
  const superusers = new Set(baseline.groups.filter((row) => row.isSuperuser).flatMap((row) => row.members));
  return makeSnapshot({
    takenAt: "2026-03-01T12:00:00.000Z",
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
      groupBinding(row.slug, row.target.kind === "group" ? (groupPks.get(row.target.name) ?? "") : "", {
        pk: row.bindingPk ?? JELLYSEER_PK,
        order: index,
      }),
    ),
  });
}

function read(path: URL): { original: string; baseline: Baseline } {
  const original = readFileSync(path, "utf8");
  const { baseline } = parseBaseline(original, "runbook.md");
  if (!baseline) throw new Error(`${path.pathname} does not parse`);
  return { original, baseline };
}

/** What `report --inject` does: the runbook with its tables updated to the snapshot. */
function inject(runbook: string, snapshot: Snapshot) {
  const { baseline } = parseBaseline(runbook, "runbook.md");
  return regenerateRunbook(renderer, { runbook, baseline, snapshot, sections: SECTIONS });
}

/** The runbook's three tables, each as written. */
function tablesOf(runbook: string): string[] {
  return locateBaselineTables(runbook).map((location) => runbook.slice(location.startOffset, location.endOffset).trimEnd());
}

describe("report: the documented state reproduces the runbook", () => {
  it("leaves the project's example runbook byte for byte when authentik is what it documents, the *(existing)* placeholder included", () => {
    const { original, baseline } = read(examplePath);

    const injected = inject(original, documentedSnapshot(baseline));

    expect(original.split("| *(existing)* |")).toHaveLength(2);
    expect(injected).toEqual({ ok: true, text: original, changed: false, usedMarkers: false, updatedLastUpdated: false });
  });

  it.skipIf(!hasSeed)(
    "leaves the user's seed runbook byte for byte when authentik is what it documents (skipped: ../shared/seed is absent)",
    () => {
      const { original, baseline } = read(seedPath);

      const injected = inject(original, documentedSnapshot(baseline));

      expect(original.split("| *(existing)* |")).toHaveLength(2);
      expect(injected).toEqual({ ok: true, text: original, changed: false, usedMarkers: false, updatedLastUpdated: false });
    },
  );

  it("renders the example's tables afresh exactly as the runbook writes them, the placeholder pinned", () => {
    const { original, baseline } = read(examplePath);

    const section = renderer.quickReference(toQuickReferenceView(documentedSnapshot(baseline), { baseline, sections: SECTIONS }));

    const expected = tablesOf(original).map((table) => table.replace("| *(existing)* |", `| \`${JELLYSEER_PK}\` |`));
    expect(expected).toHaveLength(3);
    expect(tablesOf(section)).toEqual(expected);
  });

  it("rewrites only the stale row and the Last updated line, and changes nothing on a second injection", () => {
    const { original, baseline } = read(examplePath);
    const drifted = editSnapshot(documentedSnapshot(baseline), (draft) => {
      draft.groups.find((row) => row.name === "media-users")?.members.push(4);
    });

    const first = inject(original, drifted);
    if (!first.ok) throw new Error(first.message);
    const second = inject(first.text, { ...drifted, takenAt: "2026-04-01T12:00:00.000Z" });

    expect(first.text).toBe(
      original
        .replace(
          "| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie |",
          "| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie, riley |",
        )
        .replace(/^\*Last updated: .*\*$/m, "*Last updated: 2026-03-01 — regenerated by ak-access from https://auth.example.com*"),
    );
    expect(second).toEqual({ ok: true, text: first.text, changed: false, usedMarkers: false, updatedLastUpdated: false });
  });
});
