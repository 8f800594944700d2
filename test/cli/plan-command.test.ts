import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyDemoDrift } from "../../src/simulator/index.js";
import { EXAMPLE, EXAMPLE_RUNBOOK, startExampleTenant } from "../fixtures/example-tenant.js";
import type { ExampleTenant } from "../fixtures/example-tenant.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

let tenant: ExampleTenant;
const dir = mkdtempSync(join(tmpdir(), "ak-access-plan-"));

beforeAll(async () => {
  tenant = await startExampleTenant();
});
beforeEach(() => tenant.reset());
afterAll(async () => {
  await tenant.simulator.close();
});

describe("cli plan", () => {
  it("has nothing to do, exit 0, when authentik is what the tables say", async () => {
    const run = await runCliCaptured(["plan"], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`nothing to do: authentik matches ${EXAMPLE_RUNBOOK}\n`);
    expect(tenant.writes()).toEqual([]);
  });

  it("prints each step of the demo drift's plan with its effect on people, exit 1, read-only", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));

    const run = await runCliCaptured(["plan"], tenant.env());

    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      [
        `3 changes make authentik match ${EXAMPLE_RUNBOOK}:`,
        "",
        "  1. bind mailcow to communication-users",
        `     re-created: the runbook's binding ${EXAMPLE.bindings.mailcow} no longer exists, so this one gets a new pk`,
        "     mailcow is no longer open to everyone; 5 people lose access: akadmin, casey, jodie, matt and riley",
        "  2. unbind vaultwarden from proxmox_users (b7d41c2e-93a5-4f08-8c6e-2d1f0a9e7b35, negated)",
        "     vaultwarden: akadmin, casey, jodie, matt and riley lose access",
        "  3. remove riley from media-users",
        "     riley loses access to jellyfin, jellyseer and peertube",
        "",
      ].join("\n"),
    );
    expect(tenant.writes()).toEqual([]);
  });

  it("prints the plan as JSON", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));

    const run = await runCliCaptured(["plan", "--format", "json"], tenant.env());

    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as {
      baseline: string;
      changes: number;
      steps: { step: number; description: string; change: { kind: string }; effects: { slug: string; lost: string[] }[] }[];
      notes: unknown[];
      unmanaged: unknown[];
    };
    expect(Object.keys(document)).toEqual(["baseline", "changes", "steps", "notes", "unmanaged"]);
    expect(document.changes).toBe(3);
    expect(
      document.steps.map(({ step, change, effects }) => [step, change.kind, effects.map((effect) => [effect.slug, effect.lost])]),
    ).toEqual([
      [1, "create-binding", [["mailcow", ["akadmin", "casey", "jodie", "matt", "riley"]]]],
      [2, "delete-binding", [["vaultwarden", ["akadmin", "casey", "jodie", "matt", "riley"]]]],
      [
        3,
        "remove-member",
        [
          ["jellyfin", ["riley"]],
          ["jellyseer", ["riley"]],
          ["peertube", ["riley"]],
        ],
      ],
    ]);
    expect(document.notes).toEqual([]);
    expect(document.unmanaged).toEqual([]);
  });

  it("plans offline from a saved snapshot", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));
    const saved = join(dir, "snapshot.json");
    await runCliCaptured(["snapshot", "--output", saved], tenant.env());
    const requests = tenant.simulator.requests.length;

    const run = await runCliCaptured(["--snapshot", saved, "--baseline", EXAMPLE_RUNBOOK, "plan", "--format", "json"], {});

    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { changes: number }).changes).toBe(3);
    expect(tenant.simulator.requests.length).toBe(requests);
  });
});
