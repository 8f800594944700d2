import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthentikClient } from "../../src/authentik/index.js";
import type { AuthentikClient } from "../../src/authentik/index.js";
import { parseBaseline } from "../../src/baseline/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import { createReportRenderer, regenerateRunbook, toQuickReferenceView } from "../../src/report/index.js";
import { Secret } from "../../src/secret.js";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorBinding, SimulatorGroup, SimulatorState, SimulatorUser } from "../../src/simulator/index.js";
import { takeSnapshot } from "../../src/snapshot/index.js";

/**
 * The table format's contract (issue 8): render the tables from ANY state authentik can be in, parse them
 * back, and `check` finds that state in sync. States are generated (nesting, negated, disabled, expiring,
 * user and policy bindings, duplicates, `all` mode, service accounts, hostile names, several versions) and
 * served by the simulator, and the snapshot is taken over real HTTP, as `report` and `check` do.
 */

const TOKEN = "fixed-point-token";
const RUNS = 200;

// authentik 2024.12, 2025.10 and 2025.12.3 (one parent; the `all`-mode bug on the last two), 2026.2 (fixed),
// 2026.5 (the default-app-access flag) and 2026.8 (expiring bindings).
const VERSIONS = ["2024.12.3", "2025.10.2", "2025.12.3", "2026.2.1", "2026.5.6", "2026.8.3"];

// Markdown syntax, table syntax, list syntax, none markers, control and bidi characters, spaces at the ends.
const HOSTILE_PIECES = [
  "|",
  "\\",
  "`",
  "*",
  "_",
  "[x](y)",
  "<b>",
  "&amp;",
  ",",
  "(superuser)",
  "—",
  "-",
  " ",
  "\u001b[2J",
  "\u202e",
  "\n",
  "é",
  "🔐",
  "#",
  "~~",
];
const PLAIN = [..."abcdefghijklmnopqrstuvwxyz0123456789"];

const nameArbitrary = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PLAIN) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PIECES) }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((pieces) => pieces.join(""))
  .filter((name) => name.trim() !== "");

const slugArbitrary = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,9}$/);

interface Shape {
  version: string;
  defaultAppAccess: boolean;
  users: { name: string; type: SimulatorUser["type"]; active: boolean }[];
  groups: { name: string; superuser: boolean; parentPicks: number[]; memberPicks: number[] }[];
  apps: { slug: string; name: string; mode: "any" | "all" }[];
  policies: string[];
  bindings: {
    app: number;
    kind: "group" | "user" | "policy";
    pick: number;
    enabled: boolean;
    negate: boolean;
    expires: "none" | "past" | "future";
    order: number;
  }[];
}

const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  version: fc.constantFrom(...VERSIONS),
  defaultAppAccess: fc.boolean(),
  users: fc.uniqueArray(
    fc.record({
      name: nameArbitrary,
      type: fc.constantFrom("internal", "internal", "external", "service_account", "internal_service_account"),
      active: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
    { maxLength: 7, selector: (user) => user.name },
  ),
  groups: fc.uniqueArray(
    fc.record({
      name: nameArbitrary,
      superuser: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      parentPicks: fc.array(fc.nat(), { maxLength: 2 }),
      memberPicks: fc.array(fc.nat(), { maxLength: 4 }),
    }),
    { maxLength: 6, selector: (group) => group.name },
  ),
  apps: fc.uniqueArray(fc.record({ slug: slugArbitrary, name: nameArbitrary, mode: fc.constantFrom("any", "any", "all") }), {
    maxLength: 5,
    selector: (app) => app.slug,
  }),
  policies: fc.uniqueArray(nameArbitrary, { maxLength: 2 }),
  bindings: fc.array(
    fc.record({
      app: fc.nat(),
      kind: fc.constantFrom("group", "group", "group", "user", "policy"),
      pick: fc.nat(),
      enabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      negate: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      expires: fc.constantFrom("none", "none", "past", "future"),
      order: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 10 },
  ),
});

/** A valid simulator state of that shape: the token's owner is user 1, a superuser through the first group. */
function toState(shape: Shape): SimulatorState {
  const uuid = (prefix: number, index: number): string =>
    `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
  const onePerGroup = !["2025.12.3", "2026.2.1", "2026.5.6", "2026.8.3"].includes(shape.version);
  const users: SimulatorUser[] = [
    { pk: 1, username: "auditor", type: "internal" },
    ...shape.users.map((user, index) => ({ pk: index + 2, username: `${user.name}#${index}`, type: user.type, is_active: user.active })),
  ];
  const usernames = users.map((user) => user.username);
  const groups: SimulatorGroup[] = [
    { pk: uuid(1, 0), name: "auditors", is_superuser: true, parents: [], members: ["auditor"] },
    ...shape.groups.map((group, index): SimulatorGroup => {
      const earlier = index + 1;
      const parents = [...new Set(group.parentPicks.map((pick) => uuid(1, pick % earlier)))].slice(0, onePerGroup ? 1 : 2);
      return {
        pk: uuid(1, index + 1),
        name: group.name,
        is_superuser: group.superuser,
        parents,
        members: [...new Set(group.memberPicks.map((pick) => usernames[pick % usernames.length] as string))],
      };
    }),
  ];
  const applications = shape.apps.map((app, index) => ({
    pk: uuid(2, index),
    slug: app.slug,
    name: app.name,
    policy_engine_mode: app.mode,
  }));
  const policies = shape.policies.map((name, index) => ({ pk: uuid(3, index), name, result: true }));
  const bindings: SimulatorBinding[] = [];
  if (applications.length > 0) {
    shape.bindings.forEach((binding, index) => {
      const target = applications[binding.app % applications.length]?.pk as string;
      const base: SimulatorBinding = { pk: uuid(4, index), target, enabled: binding.enabled, negate: binding.negate, order: binding.order };
      if (shape.version === "2026.8.3" && binding.expires !== "none") {
        base.expires = binding.expires === "past" ? "2020-01-01T00:00:00Z" : "2099-01-01T00:00:00Z";
      }
      if (binding.kind === "user") bindings.push({ ...base, user: usernames[binding.pick % usernames.length] as string });
      else if (binding.kind === "policy" && policies.length > 0)
        bindings.push({ ...base, policy: policies[binding.pick % policies.length]?.pk as string });
      else bindings.push({ ...base, group: groups[binding.pick % groups.length]?.pk as string });
    });
  }
  return {
    version: shape.version,
    settings: { flags: { core_default_app_access: shape.defaultAppAccess } },
    tokens: [{ key: TOKEN, user: "auditor" }],
    users,
    groups,
    applications,
    policies,
    bindings,
  };
}

const renderer = createReportRenderer();
let simulator: Simulator;
let client: AuthentikClient;

beforeAll(async () => {
  simulator = await startSimulator({ state: toState(fc.sample(shapeArbitrary, { numRuns: 1, seed: 1 })[0] as Shape) });
  client = createAuthentikClient({ baseUrl: simulator.url, token: new Secret(TOKEN), readOnly: true, retryBaseDelayMs: 5 });
});

afterAll(async () => {
  await client.close();
  await simulator.close();
});

describe("report: the tables are a fixed point of render, parse and check", () => {
  it(`renders any generated tenant's tables, reads them back, and checks in sync (${RUNS} tenants)`, async () => {
    await fc.assert(
      fc.asyncProperty(shapeArbitrary, async (shape) => {
        simulator.setState(toState(shape));
        const snapshot = await takeSnapshot(client);
        const markdown = renderer.quickReference(
          toQuickReferenceView(snapshot, { baseline: null, sections: { matrix: false, notices: false } }),
        );

        const parsed = parseBaseline(markdown, "generated.md");
        expect(parsed.problems).toEqual([]);
        if (parsed.baseline === null) return;
        const diff = diffBaseline(parsed.baseline, snapshot);

        // A tenant on 2025.8-2025.12.4 with an `all` app may get upgrade-changes-access: a warning about
        // a future upgrade, not drift between the tables and authentik.
        const drift = diff.findings.filter((finding) => finding.severity !== "info" && finding.kind !== "upgrade-changes-access");
        expect(drift).toEqual([]);
        expect(diff.accessChanges).toEqual([]);
        expect(diff.inSync).toBe(diff.findings.every((finding) => finding.severity === "info"));

        // Injecting the same state into its own tables changes nothing.
        const again = regenerateRunbook(renderer, {
          runbook: markdown,
          baseline: parsed.baseline,
          snapshot,
          sections: { matrix: false, notices: false },
        });
        expect(again.ok && again.changed).toBe(false);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
