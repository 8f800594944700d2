import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccessChange, Finding } from "../../src/diff/index.js";
import { applyDemoDrift } from "../../src/simulator/index.js";
import type { SimulatorState } from "../../src/simulator/index.js";
import { EXAMPLE, EXAMPLE_RUNBOOK, VIEWER_TOKEN, startExampleTenant, terminalAnswering } from "../fixtures/example-tenant.js";
import type { ExampleTenant } from "../fixtures/example-tenant.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

let tenant: ExampleTenant;
const dir = mkdtempSync(join(tmpdir(), "ak-access-apply-"));
const NEGATED_VAULTWARDEN = "b7d41c2e-93a5-4f08-8c6e-2d1f0a9e7b35";
const IMMICH = "c822acb9-0dc6-4708-9bea-ebf03d184b5e";
/** The slugs the runbook lists in its bindings table. */
const DOCUMENTED_BOUND = ["jellyfin", "jellyseer", "peertube", "mailcow", "vaultwarden", "forgejo", "nextcloud", "immich"];

beforeAll(async () => {
  tenant = await startExampleTenant();
});
beforeEach(() => tenant.reset());
afterAll(async () => {
  await tenant.simulator.close();
});

/**
 * The demo drift and every other kind the tables can express, arranged so that a naive order would
 * open an application halfway: Jellyfin's and Forgejo's documented bindings are gone or disabled while
 * a stand-in binding still restricts them. Plus a user binding, which the tables cannot express.
 */
function thoroughlyDrifted(): SimulatorState {
  const state = applyDemoDrift(tenant.documented);
  const group = (pk: string) => state.groups.find((candidate) => candidate.pk === pk);
  const binding = (pk: string) => state.bindings.find((candidate) => candidate.pk === pk);
  const media = group(EXAMPLE.groups.media);
  if (media) media.members = ["riley"];
  const proxmoxUsers = group(EXAMPLE.groups.proxmoxUsers);
  if (proxmoxUsers) proxmoxUsers.name = "proxmox-users";
  const proxmoxAdmins = group(EXAMPLE.groups.proxmoxAdmins);
  if (proxmoxAdmins) proxmoxAdmins.is_superuser = true;
  state.bindings = state.bindings.filter((candidate) => candidate.pk !== EXAMPLE.bindings.jellyfin);
  state.bindings.push({
    pk: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    target: EXAMPLE.apps.jellyfin,
    group: EXAMPLE.groups.proxmoxUsers,
    order: 0,
  });
  const forgejo = binding(EXAMPLE.bindings.forgejo);
  if (forgejo) forgejo.enabled = false;
  state.bindings.push({ pk: "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", target: EXAMPLE.apps.forgejo, group: EXAMPLE.groups.cloud, order: 1 });
  const nextcloud = binding(EXAMPLE.bindings.nextcloud);
  if (nextcloud) nextcloud.negate = true;
  state.bindings.push({
    pk: "2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f",
    target: EXAMPLE.apps.headplane,
    group: EXAMPLE.groups.media,
    order: 0,
  });
  state.bindings.push({ pk: "3d4e5f6a-7b8c-4d9e-9f0a-2b3c4d5e6f7a", target: EXAMPLE.apps.nextcloud, user: "casey", order: 5 });
  const immich = state.applications.find((app) => app.pk === IMMICH);
  if (immich) immich.policy_engine_mode = "all";
  return state;
}

/** Documented bound apps with no enabled binding in the simulator's state right now. */
function unboundDocumentedApps(): string[] {
  const { applications, bindings } = tenant.simulator.state;
  return DOCUMENTED_BOUND.filter((slug) => {
    const app = applications.find((candidate) => candidate.slug === slug);
    return !bindings.some((binding) => binding.target === app?.pk && binding.enabled !== false);
  });
}

interface CheckJson {
  inSync: boolean;
  findings: Finding[];
  accessChanges: AccessChange[];
}

describe("cli apply", () => {
  it("makes a drifted authentik match the tables, and check then finds no drift and no access change", async () => {
    tenant.reset(thoroughlyDrifted());
    const before = JSON.parse((await runCliCaptured(["check", "--format", "json"], tenant.env())).stdout) as CheckJson;

    const run = await runCliCaptured(["apply", "--yes"], tenant.env());
    const after = JSON.parse((await runCliCaptured(["check", "--format", "json"], tenant.env())).stdout) as CheckJson;

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("applied 14 of 14 changes\n");
    expect(new Set(before.findings.filter((finding) => finding.severity !== "info").map((finding) => finding.kind))).toEqual(
      new Set([
        "application-open",
        "application-now-restricted",
        "application-engine-mode",
        "binding-missing",
        "binding-unexpected",
        "binding-disabled",
        "binding-negated",
        "binding-non-group",
        "group-renamed",
        "group-superuser-changed",
        "member-added",
        "member-removed",
      ]),
    );
    // The tables say everything authentik can, casey's undocumented user binding included: nothing is left.
    expect(after.findings.filter((finding) => finding.severity !== "info")).toEqual([]);
    expect(after.accessChanges).toEqual([]);
    expect(after.inSync).toBe(true);
  });

  it("never leaves a documented bound application without a binding in force, at any write", async () => {
    tenant.reset(thoroughlyDrifted());
    const start = unboundDocumentedApps();
    const seen: string[][] = [];
    tenant.hooks.push((request) => {
      if (request.method !== "GET") seen.push(unboundDocumentedApps());
    });

    const run = await runCliCaptured(["apply", "--yes"], tenant.env());

    expect(run.code).toBe(0);
    expect(start).toEqual(["mailcow"]);
    expect(seen).toHaveLength(14);
    // Mailcow, open at the start, is bound by the first binding written; no other app is ever open.
    expect(seen.every((unbound) => unbound.every((slug) => slug === "mailcow"))).toBe(true);
    expect(seen.at(-1)).toEqual([]);
  });

  it("orders the writes: groups, members, bindings created, then removed", async () => {
    tenant.reset(thoroughlyDrifted());

    await runCliCaptured(["apply", "--yes"], tenant.env());

    expect(tenant.writes().map(({ method, path }) => `${method} ${path.replace(/[0-9a-f-]{36}/g, "…")}`)).toEqual([
      "PATCH /api/v3/core/groups/…/",
      "PATCH /api/v3/core/groups/…/",
      "POST /api/v3/core/groups/…/add_user/",
      "PATCH /api/v3/core/applications/immich/",
      "POST /api/v3/policies/bindings/",
      "POST /api/v3/policies/bindings/",
      "PATCH /api/v3/policies/bindings/…/",
      "PATCH /api/v3/policies/bindings/…/",
      "DELETE /api/v3/policies/bindings/…/",
      "DELETE /api/v3/policies/bindings/…/",
      "DELETE /api/v3/policies/bindings/…/",
      "DELETE /api/v3/policies/bindings/…/",
      "DELETE /api/v3/policies/bindings/…/",
      "POST /api/v3/core/groups/…/remove_user/",
    ]);
  });

  it("has nothing to do when run again, and writes nothing", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));
    await runCliCaptured(["apply", "--yes"], tenant.env());
    tenant.reset(structuredClone(tenant.simulator.state));

    const again = await runCliCaptured(["apply", "--yes"], tenant.env());

    expect(again.code).toBe(0);
    const mailcow = tenant.simulator.state.bindings.find((binding) => binding.target === EXAMPLE.apps.mailcow);
    expect(again.stdout).toBe(
      [
        `nothing to do: authentik matches ${EXAMPLE_RUNBOOK}`,
        "",
        "Notes:",
        `  Mailcow's binding to communication-users has pk ${mailcow?.pk}, not ${EXAMPLE.bindings.mailcow} as the runbook records (--update-runbook writes the new pk)`,
        "",
      ].join("\n"),
    );
    expect(tenant.writes()).toEqual([]);
  });

  it("stops at the first failure and says exactly what was and was not done", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));
    tenant.simulator.addFault({ method: "DELETE", path: `/api/v3/policies/bindings/${NEGATED_VAULTWARDEN}/`, status: 500 });

    const run = await runCliCaptured(["apply", "--yes"], tenant.env());

    expect(run.code).toBe(2);
    const applying = run.stdout.slice(run.stdout.indexOf("Applying:"), run.stdout.indexOf("After apply:"));
    expect(applying.replace(/pk [0-9a-f-]{36}/, "pk <new>")).toBe(
      [
        "Applying:",
        "  1. bound mailcow to communication-users (pk <new>)",
        "  2. FAILED: unbind vaultwarden from proxmox_users (b7d41c2e-93a5-4f08-8c6e-2d1f0a9e7b35, negated)",
        '     DELETE /policies/bindings/{pk}/ answered 500: "Simulated fault (HTTP 500)."',
        "  3. not done: remove riley from media-users",
        "",
        "stopped at step 2 of 3: 1 applied (1), 1 failed (2), 1 not attempted (3)",
        "",
        "",
      ].join("\n"),
    );
    // The re-audit shows where authentik stands: the binding is back, the rest of the drift is not.
    expect(run.stdout).toContain("After apply:\ndrift: 1 critical, 1 warning, 3 info, 8 access changes\n");
    expect(tenant.simulator.state.bindings.some((binding) => binding.target === EXAMPLE.apps.mailcow)).toBe(true);
    expect(tenant.simulator.state.bindings.some((binding) => binding.pk === NEGATED_VAULTWARDEN)).toBe(true);
    expect(tenant.simulator.state.groups.find((group) => group.pk === EXAMPLE.groups.media)?.members).toEqual(["jodie", "riley"]);
  });

  it("reports each step's outcome in JSON, with the re-audit", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));
    tenant.simulator.addFault({
      method: "POST",
      path: `/api/v3/core/groups/${EXAMPLE.groups.media}/remove_user/`,
      status: 403,
      body: { detail: "You do not have permission to perform this action." },
    });

    const run = await runCliCaptured(["apply", "--yes", "--format", "json"], tenant.env());

    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      steps: { status: string; failure?: { permission?: string } }[];
      audit: { inSync: boolean; summary: Record<string, number> };
    };
    expect(report.ok).toBe(false);
    expect(report.steps.map((step) => step.status)).toEqual(["applied", "applied", "failed"]);
    expect(report.steps[2]?.failure?.permission).toBe("authentik_core.remove_user_from_group");
    expect(report.audit).toMatchObject({ inSync: false, summary: { critical: 0, warning: 1, info: 3 } });
  });

  it("needs --yes when stdin is not a terminal, asks when it is, and sends nothing with --dry-run", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));

    const refused = await runCliCaptured(["apply"], tenant.env());
    const dryRun = await runCliCaptured(["apply", "--dry-run"], tenant.env());
    const declined = await runCliCaptured(["apply"], tenant.env(), undefined, terminalAnswering("n"));
    const writesBefore = tenant.writes().length;
    const confirmed = await runCliCaptured(["apply"], tenant.env(), undefined, terminalAnswering("y"));

    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe("ak-access: pass --yes to apply these 3 changes (stdin is not a terminal to ask)\n");
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout.endsWith("dry run: nothing was changed\n")).toBe(true);
    expect(declined.code).toBe(2);
    expect(declined.stderr).toBe(`Apply these 3 changes to ${tenant.simulator.url}? (y/N) ak-access: not confirmed: nothing was changed\n`);
    expect(writesBefore).toBe(0);
    expect(confirmed.code).toBe(0);
    expect(tenant.writes()).toHaveLength(3);
  });

  it("refuses a token that cannot see everything", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));

    const run = await runCliCaptured(["apply", "--yes"], tenant.env({ AUTHENTIK_TOKEN: VIEWER_TOKEN }));

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ak-access: apply needs a snapshot of everything, and this token sees only part of authentik: /);
    expect(tenant.writes()).toEqual([]);
  });

  it("rewrites the runbook's tables from the result with --update-runbook", async () => {
    tenant.reset(applyDemoDrift(tenant.documented));
    const runbook = join(dir, "apply.md");
    copyFileSync(EXAMPLE_RUNBOOK, runbook);

    const run = await runCliCaptured(["apply", "--yes", "--update-runbook", runbook], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout.endsWith(`${runbook}: quick reference regenerated\n`)).toBe(true);
    const mailcow = tenant.simulator.state.bindings.find((binding) => binding.target === EXAMPLE.apps.mailcow);
    expect(readFileSync(runbook, "utf8")).toContain(`| Mailcow | mailcow | communication-users | \`${mailcow?.pk}\` |`);
  });
});
