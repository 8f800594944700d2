import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyDemoDrift } from "../../src/simulator/index.js";
import type { SimulatorState } from "../../src/simulator/index.js";
import { EXAMPLE, VIEWER_TOKEN, startExampleTenant } from "../fixtures/example-tenant.js";
import type { ExampleTenant } from "../fixtures/example-tenant.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

let tenant: ExampleTenant;

beforeAll(async () => {
  tenant = await startExampleTenant();
});
afterAll(async () => {
  await tenant.simulator.close();
});

/**
 * The example tenant with the demo drift (so `apply` has work), where casey, the read-only token's
 * owner, is in media-users and communication-users: authentik shows a non-superuser only the apps they
 * may open, and these commands must find Jellyfin and Mailcow before they can be refused.
 */
function state(): SimulatorState {
  const drifted = applyDemoDrift(tenant.documented);
  for (const group of drifted.groups) {
    if (group.pk === EXAMPLE.groups.media || group.pk === EXAMPLE.groups.communication) group.members = [...(group.members ?? []), "casey"];
  }
  return drifted;
}

const COMMANDS = [
  {
    argv: ["group", "create", "finance-users"],
    write: { method: "POST", path: "/api/v3/core/groups/" },
    permission: "authentik_core.add_group",
  },
  {
    argv: ["group", "rename", "proxmox_users", "proxmox-users"],
    write: { method: "PATCH", path: `/api/v3/core/groups/${EXAMPLE.groups.proxmoxUsers}/` },
    permission: "authentik_core.change_group",
  },
  {
    argv: ["member", "add", "cloud-users", "riley"],
    write: { method: "POST", path: `/api/v3/core/groups/${EXAMPLE.groups.cloud}/add_user/` },
    permission: "authentik_core.add_user_to_group",
  },
  {
    argv: ["member", "remove", "media-users", "jodie"],
    write: { method: "POST", path: `/api/v3/core/groups/${EXAMPLE.groups.media}/remove_user/` },
    permission: "authentik_core.remove_user_from_group",
  },
  {
    argv: ["bind", "jellyfin", "cloud-users", "--yes"],
    write: { method: "POST", path: "/api/v3/policies/bindings/" },
    permission: "authentik_policies.add_policybinding",
  },
  {
    argv: ["unbind", "jellyfin", "media-users", "--yes"],
    write: { method: "DELETE", path: `/api/v3/policies/bindings/${EXAMPLE.bindings.jellyfin}/` },
    permission: "authentik_policies.delete_policybinding",
  },
  {
    argv: ["apply", "--yes"],
    write: { method: "POST", path: "/api/v3/policies/bindings/" },
    // apply refuses a token that sees only part of authentik before it writes; its 403 is tested with a fault.
    permission: null,
  },
];

describe.each(COMMANDS)("cli $argv.0 $argv.1", ({ argv, write }) => {
  let initial: SimulatorState;
  beforeEach(() => {
    initial = state();
    tenant.reset(structuredClone(initial));
  });

  it("sends no write with --dry-run", async () => {
    const run = await runCliCaptured([...argv, "--dry-run"], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dry run: nothing was changed\n$/);
    expect(tenant.writes()).toEqual([]);
    expect(tenant.simulator.state).toEqual(initial);
  });

  it("shows a 400 with authentik's field errors, and exits 2", async () => {
    tenant.simulator.addFault({
      ...write,
      status: 400,
      body: { non_field_errors: ["Rejected by the test."], order: ["Must be a number."] },
    });

    const run = await runCliCaptured(argv, tenant.env());

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/(^|\n)( {2}\d+\. )?FAILED: /);
    expect(run.stdout).not.toContain("still names");
    expect(run.stdout).toContain('answered 400 Bad Request: non_field_errors: "Rejected by the test."; order: "Must be a number."\n');
  });
});

describe("cli write commands and a token that may read but not write", () => {
  beforeEach(() => tenant.reset(state()));

  it.each(COMMANDS.filter((command) => command.permission !== null))(
    "$argv.0 $argv.1 names the permission a 403 says it lacks",
    async ({ argv, permission }) => {
      const run = await runCliCaptured(argv, tenant.env({ AUTHENTIK_TOKEN: VIEWER_TOKEN }));

      expect(run.code).toBe(2);
      expect(run.stdout).toContain(`the token's user lacks the permission ${permission}`);
      expect(tenant.writes().map((request) => request.status)).toEqual([403]);
    },
  );
});
