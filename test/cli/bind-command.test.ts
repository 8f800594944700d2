import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SimulatorState } from "../../src/simulator/index.js";
import { EXAMPLE, VIEWER_TOKEN, startExampleTenant, terminalAnswering } from "../fixtures/example-tenant.js";
import type { ExampleTenant } from "../fixtures/example-tenant.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

let tenant: ExampleTenant;

beforeAll(async () => {
  tenant = await startExampleTenant();
});
beforeEach(() => tenant.reset());
afterAll(async () => {
  await tenant.simulator.close();
});

function bindingsOf(appPk: string) {
  return tenant.simulator.state.bindings.filter((binding) => binding.target === appPk);
}

function variant(edit: (state: SimulatorState) => void): SimulatorState {
  const state = structuredClone(tenant.documented);
  edit(state);
  return state;
}

describe("cli bind (procedure B)", () => {
  it("binds a group to an app that is already restricted, says who gains access, and never binds twice", async () => {
    const first = await runCliCaptured(["bind", "jellyfin", "proxmox_admins"], tenant.env());
    const created = bindingsOf(EXAMPLE.apps.jellyfin).find((binding) => binding.group === EXAMPLE.groups.proxmoxAdmins);
    const second = await runCliCaptured(["bind", "jellyfin", "proxmox_admins"], tenant.env());

    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`bound jellyfin to proxmox_admins (pk ${created?.pk})\n  jellyfin: akadmin and matt gain access\n`);
    expect(created).toMatchObject({ enabled: true, negate: false, order: 1, timeout: 30 });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`jellyfin is already bound to proxmox_admins (binding ${created?.pk})\n`);
    expect(tenant.writes().map(({ method, path }) => `${method} ${path}`)).toEqual(["POST /api/v3/policies/bindings/"]);
  });

  it("refuses, without --yes and without a terminal, the first binding on an open app, naming who would lose access", async () => {
    const run = await runCliCaptured(["bind", "headplane", "proxmox_admins"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      [
        "would bind headplane to proxmox_admins",
        "  headplane is no longer open to everyone; 3 people lose access: casey, jodie and riley",
        "ak-access: headplane is no longer open to everyone (3 people lose access): pass --yes to do it (stdin is not a terminal to ask)",
        "",
      ].join("\n"),
    );
    expect(tenant.writes()).toEqual([]);
  });

  it("does it with --yes", async () => {
    const run = await runCliCaptured(["bind", "headplane", "proxmox_admins", "--yes"], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^bound headplane to proxmox_admins \(pk [0-9a-f-]{36}\)\n {2}headplane is no longer open to everyone; 3 people lose/,
    );
    expect(bindingsOf(EXAMPLE.apps.headplane)).toHaveLength(1);
  });

  it.each([
    { answer: "y", code: 0, bindings: 1 },
    { answer: "yes", code: 0, bindings: 1 },
    { answer: "n", code: 2, bindings: 0 },
    { answer: "", code: 2, bindings: 0 },
  ])("asks on a terminal and acts on '$answer'", async ({ answer, code, bindings }) => {
    const run = await runCliCaptured(["bind", "headplane", "proxmox_admins"], tenant.env(), undefined, terminalAnswering(answer));

    expect(run.code).toBe(code);
    expect(run.stderr).toContain("headplane is no longer open to everyone; 3 people lose access: casey, jodie and riley\nGo ahead? (y/N) ");
    if (code === 2) expect(run.stderr).toContain("ak-access: not confirmed: nothing was changed\n");
    expect(bindingsOf(EXAMPLE.apps.headplane)).toHaveLength(bindings);
  });

  it("refuses to add a second binding beside a negated one", async () => {
    tenant.reset(
      variant((state) => {
        const binding = state.bindings.find((candidate) => candidate.pk === EXAMPLE.bindings.nextcloud);
        if (binding) binding.negate = true;
      }),
    );

    const run = await runCliCaptured(["bind", "nextcloud", "cloud-users"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `ak-access: nextcloud already has a binding to cloud-users (${EXAMPLE.bindings.nextcloud}), but it is negated: not creating a second one. Fix that binding (\`ak-access plan\` shows how, when the runbook lists it) or \`ak-access unbind nextcloud cloud-users\` first\n`,
    );
    expect(tenant.writes()).toEqual([]);
  });

  it("refuses an application or group that does not exist, naming what does", async () => {
    const app = await runCliCaptured(["bind", "Jellyfin", "media-users"], tenant.env());
    const group = await runCliCaptured(["bind", "jellyfin", "media"], tenant.env());

    expect(app.code).toBe(2);
    expect(app.stderr).toMatch(/^ak-access: no application with slug "Jellyfin" \(known: forgejo, headplane, /);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/^ak-access: no group named "media" /);
  });

  it("shows authentik's 400 with its field errors, and a 403 with the permission", async () => {
    tenant.simulator.addFault({
      method: "POST",
      path: "/api/v3/policies/bindings/",
      status: 400,
      times: 1,
      body: { target: [`Invalid pk "${EXAMPLE.apps.jellyfin}" - object does not exist.`] },
    });

    const invalid = await runCliCaptured(["bind", "jellyfin", "cloud-users"], tenant.env());
    // A token that is not a superuser's sees only the apps its user may open (authentik filters the list).
    const hidden = await runCliCaptured(["bind", "jellyfin", "cloud-users"], tenant.env({ AUTHENTIK_TOKEN: VIEWER_TOKEN }));
    const forbidden = await runCliCaptured(["bind", "headplane", "cloud-users", "--yes"], tenant.env({ AUTHENTIK_TOKEN: VIEWER_TOKEN }));

    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe(
      `FAILED: bind jellyfin to cloud-users\n  POST /policies/bindings/ answered 400 Bad Request: target: "Invalid pk \\"${EXAMPLE.apps.jellyfin}\\" - object does not exist."\n`,
    );
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toMatch(/; the token sees only part of the application list \(it is not a superuser's\)\n$/);
    expect(forbidden.code).toBe(2);
    expect(forbidden.stdout).toContain("the token's user lacks the permission authentik_policies.add_policybinding\n");
  });
});

describe("cli unbind (procedure E)", () => {
  it("removes the last binding only with --yes, saying the app opens to every active user, and is a no-op when run again", async () => {
    const refused = await runCliCaptured(["unbind", "mailcow", "communication-users"], tenant.env());
    const done = await runCliCaptured(["unbind", "mailcow", "communication-users", "--yes"], tenant.env());
    const again = await runCliCaptured(["unbind", "mailcow", "communication-users", "--yes"], tenant.env());

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "ak-access: mailcow becomes open to every active user (5 people): pass --yes to do it (stdin is not a terminal to ask)\n",
    );
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(
      `unbound mailcow from communication-users (${EXAMPLE.bindings.mailcow})\n  mailcow becomes open to every active user (5 people)\n`,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("mailcow is not bound to communication-users\n");
    expect(tenant.writes().map(({ method, path }) => `${method} ${path}`)).toEqual([
      `DELETE /api/v3/policies/bindings/${EXAMPLE.bindings.mailcow}/`,
    ]);
  });

  it("says the app shuts everyone out when the tenant's default access is off", async () => {
    tenant.reset(variant((state) => (state.settings = { ...state.settings, flags: { core_default_app_access: false } })));

    const run = await runCliCaptured(["unbind", "jellyfin", "media-users", "--dry-run"], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `would unbind jellyfin from media-users (${EXAMPLE.bindings.jellyfin})`,
        "  jellyfin shuts out every user: the tenant's default access is off (1 person loses access)",
        "dry run: nothing was changed",
        "",
      ].join("\n"),
    );
    expect(tenant.writes()).toEqual([]);
  });

  it("needs no confirmation when other bindings stay, and lists who loses access", async () => {
    tenant.reset(
      variant((state) => {
        state.bindings.push({
          pk: "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
          target: EXAMPLE.apps.jellyfin,
          group: EXAMPLE.groups.proxmoxAdmins,
          order: 1,
        });
      }),
    );

    const run = await runCliCaptured(["unbind", "jellyfin", "proxmox_admins", "--format", "json"], tenant.env());

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; steps: { status: string; effects: unknown[] }[] };
    expect(report.ok).toBe(true);
    expect(report.steps[0]?.status).toBe("applied");
    expect(report.steps[0]?.effects).toEqual([
      {
        slug: "jellyfin",
        name: "Jellyfin",
        before: { decidedBy: "bindings", allowed: 3 },
        after: { decidedBy: "bindings", allowed: 1 },
        gained: [],
        lost: ["akadmin", "matt"],
      },
    ]);
  });
});
