import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SimulatorState } from "../../src/simulator/index.js";
import { EXAMPLE, EXAMPLE_RUNBOOK, VIEWER_TOKEN, startExampleTenant } from "../fixtures/example-tenant.js";
import type { ExampleTenant } from "../fixtures/example-tenant.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

let tenant: ExampleTenant;
const dir = mkdtempSync(join(tmpdir(), "ak-access-group-"));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  tenant = await startExampleTenant();
});
beforeEach(() => tenant.reset());
afterAll(async () => {
  await tenant.simulator.close();
});

function groupNamed(name: string) {
  return tenant.simulator.state.groups.find((group) => group.name === name);
}

/** The example tenant as an older authentik, or with an expression policy that names a group. */
function variant(edit: (state: SimulatorState) => void): SimulatorState {
  const state = structuredClone(tenant.documented);
  edit(state);
  return state;
}

describe("cli group create (procedure A)", () => {
  it("creates the group, and reports it with its pk when run again", async () => {
    const first = await runCliCaptured(["group", "create", "finance-users"], tenant.env());
    const created = groupNamed("finance-users");
    const second = await runCliCaptured(["group", "create", "finance-users"], tenant.env());

    expect(first.code).toBe(0);
    expect(created?.pk).toMatch(UUID);
    expect(first.stdout).toBe(`created group finance-users (pk ${created?.pk})\n`);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`group finance-users already exists (pk ${created?.pk})\n`);
    expect(tenant.writes().map(({ method, path }) => `${method} ${path}`)).toEqual(["POST /api/v3/core/groups/"]);
  });

  it("warns when the name breaks the runbook's <category>-users convention, and still creates it", async () => {
    const run = await runCliCaptured(["group", "create", "Finance Team"], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'warning: "Finance Team" breaks the runbook\'s naming convention <category>-users (lowercase, hyphenated, e.g. media-users)\n',
    );
    expect(groupNamed("Finance Team")).toBeDefined();
  });

  it.each([
    { version: "2026.5.6", field: "parents" },
    { version: "2025.12.4", field: "parents" },
    { version: "2025.10.4", field: "parent" },
  ])("sets --parent on authentik $version with `$field`", async ({ version }) => {
    tenant.reset(variant((state) => (state.version = version)));

    const run = await runCliCaptured(["group", "create", "kids-users", "--parent", "media-users"], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created group kids-users under media-users \(pk [0-9a-f-]{36}\)\n$/);
    expect(groupNamed("kids-users")?.parents).toEqual([EXAMPLE.groups.media]);
  });

  it("refuses an unknown parent before writing anything", async () => {
    const run = await runCliCaptured(["group", "create", "kids-users", "--parent", "media"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ak-access: --parent: no group named "media" \(names are case-sensitive; known: authentik Admins, /);
    expect(tenant.writes()).toEqual([]);
  });

  it("sends no write with --dry-run", async () => {
    const run = await runCliCaptured(["group", "create", "finance-users", "--dry-run", "--format", "json"], tenant.env());

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { dryRun: boolean; steps: { status: string; description: string }[] };
    expect(report.dryRun).toBe(true);
    expect(report.steps.map(({ status, description }) => [status, description])).toEqual([["dry-run", "create group finance-users"]]);
    expect(tenant.writes()).toEqual([]);
    expect(groupNamed("finance-users")).toBeUndefined();
  });

  it("shows authentik's 400 when someone created the group after the command looked", async () => {
    tenant.hooks.push((request) => {
      if (request.path === "/api/v3/core/groups/" && request.method === "GET" && !groupNamed("finance-users")) {
        tenant.simulator.state.groups.push({ pk: "0d9a2c1e-3b4f-4a5d-8e6f-7a8b9c0d1e2f", name: "finance-users", members: [] });
      }
    });

    const run = await runCliCaptured(["group", "create", "finance-users"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      [
        "FAILED: create group finance-users",
        '  POST /core/groups/ answered 400 Bad Request: name: "Group with this name already exists."',
        "",
      ].join("\n"),
    );
  });

  it("names the permission a 403 says the token lacks", async () => {
    const run = await runCliCaptured(["group", "create", "finance-users"], tenant.env({ AUTHENTIK_TOKEN: VIEWER_TOKEN }));

    expect(run.code).toBe(2);
    expect(run.stdout).toContain("the token's user lacks the permission authentik_core.add_group\n");
  });
});

describe("cli group rename (procedure F)", () => {
  it("renames, lists the runbook lines and the expression policies that keep the old name, and is already done when run again", async () => {
    tenant.reset(
      variant((state) => {
        state.policies = [
          {
            pk: "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b",
            name: "media-only",
            result: true,
            expression: 'return ak_is_group_member(request.user, name="media-users")',
          },
          {
            pk: "8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c",
            name: "office-hours",
            result: true,
            expression: "return request.context['hour'] < 18",
          },
        ];
      }),
    );

    const first = await runCliCaptured(["group", "rename", "media-users", "video-users"], tenant.env());
    const second = await runCliCaptured(["group", "rename", "media-users", "video-users"], tenant.env());

    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        "renamed group media-users to video-users",
        `warning: ${EXAMPLE_RUNBOOK} still names media-users on lines 38, 50, 51, 52: pass --update-runbook ${EXAMPLE_RUNBOOK} to rewrite its tables`,
        'warning: expression policy media-only (7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b) mentions "media-users" and will not follow the rename: edit its expression',
        "",
      ].join("\n"),
    );
    expect(tenant.simulator.state.groups.find((group) => group.pk === EXAMPLE.groups.media)?.name).toBe("video-users");
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`no group named media-users; video-users exists (pk ${EXAMPLE.groups.media})\n`);
    expect(tenant.writes().map(({ method, path }) => `${method} ${path}`)).toEqual([`PATCH /api/v3/core/groups/${EXAMPLE.groups.media}/`]);
  });

  it("says when the token cannot read expression policies, and rewrites the runbook with --update-runbook", async () => {
    const runbook = join(dir, "rename.md");
    copyFileSync(EXAMPLE_RUNBOOK, runbook);
    tenant.reset(
      variant((state) => {
        state.tokens.push({
          key: "group-editor",
          user: "casey",
          permissions: ["view_user", "view_group", "view_application", "view_policybinding", "change_group"],
        });
      }),
    );

    const run = await runCliCaptured(
      ["group", "rename", "proxmox_users", "proxmox-users", "--update-runbook", runbook],
      tenant.env({ AUTHENTIK_TOKEN: "group-editor" }),
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "renamed group proxmox_users to proxmox-users",
        'warning: expression policies could not be checked for "proxmox_users": the token\'s user lacks authentik_policies_expression.view_expressionpolicy',
        `${runbook}: quick reference regenerated`,
        "",
      ].join("\n"),
    );
    expect(readFileSync(runbook, "utf8")).toContain("| proxmox-users | `cf26703a-a824-47dd-9550-30b848a8ce5f` | — |");
    expect(readFileSync(runbook, "utf8")).not.toContain("proxmox_users");
  });

  it("refuses a name another group has", async () => {
    const run = await runCliCaptured(["group", "rename", "media-users", "cloud-users"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ak-access: a group named "cloud-users" already exists (pk ${EXAMPLE.groups.cloud})\n`);
    expect(tenant.writes()).toEqual([]);
  });
});
