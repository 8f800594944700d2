import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE, EXAMPLE_RUNBOOK, VIEWER_TOKEN, startExampleTenant } from "../fixtures/example-tenant.js";
import type { ExampleTenant } from "../fixtures/example-tenant.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

let tenant: ExampleTenant;
const dir = mkdtempSync(join(tmpdir(), "ak-access-member-"));

beforeAll(async () => {
  tenant = await startExampleTenant();
});
beforeEach(() => tenant.reset());
afterAll(async () => {
  await tenant.simulator.close();
});

function members(groupPk: string): string[] | undefined {
  return tenant.simulator.state.groups.find((group) => group.pk === groupPk)?.members;
}

describe("cli member add / member remove (procedures C and D)", () => {
  it("adds each user with add_user, one line per user, and changes nothing when run again", async () => {
    const first = await runCliCaptured(["member", "add", "media-users", "riley", "jodie", "casey"], tenant.env());
    const firstWrites = tenant.writes();
    tenant.reset(structuredClone(tenant.simulator.state));
    const second = await runCliCaptured(["member", "add", "media-users", "riley", "jodie", "casey"], tenant.env());

    expect(first.code).toBe(0);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe(
      [
        "added riley to media-users",
        "  riley gains access to jellyfin, jellyseer and peertube",
        "added casey to media-users",
        "  casey gains access to jellyfin, jellyseer and peertube",
        "jodie is already a member of media-users",
        "",
      ].join("\n"),
    );
    expect(firstWrites.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST /api/v3/core/groups/${EXAMPLE.groups.media}/add_user/`,
      `POST /api/v3/core/groups/${EXAMPLE.groups.media}/add_user/`,
    ]);
    expect(members(EXAMPLE.groups.media)).toEqual(["jodie", "riley", "casey"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      [
        "riley is already a member of media-users",
        "jodie is already a member of media-users",
        "casey is already a member of media-users",
        "",
      ].join("\n"),
    );
    expect(tenant.writes()).toEqual([]);
  });

  it("removes with remove_user, and says so when the user is not a member", async () => {
    const first = await runCliCaptured(["member", "remove", "proxmox_admins", "matt", "jodie"], tenant.env());
    const second = await runCliCaptured(["member", "remove", "proxmox_admins", "matt"], tenant.env());

    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      ["removed matt from proxmox_admins", "  nobody's access changes", "jodie is not a member of proxmox_admins", ""].join("\n"),
    );
    expect(tenant.writes().map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST /api/v3/core/groups/${EXAMPLE.groups.proxmoxAdmins}/remove_user/`,
    ]);
    expect(members(EXAMPLE.groups.proxmoxAdmins)).toEqual(["akadmin"]);
    expect(second.stdout).toBe("matt is not a member of proxmox_admins\n");
  });

  it("looks users up by exact username, never by the runbook's fuzzy search, and writes nothing when one is unknown", async () => {
    const run = await runCliCaptured(["member", "add", "media-users", "riley", "Casey"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ak-access: no user named "Casey" (usernames are exact and case-sensitive): nothing was changed\n');
    const lookups = tenant.requests().filter((request) => request.path === "/api/v3/core/users/" && request.query.includes("username="));
    expect(lookups.map((request) => request.query).sort()).toEqual([
      "username=Casey&include_groups=false&include_roles=false&page=1&page_size=100",
      "username=riley&include_groups=false&include_roles=false&page=1&page_size=100",
    ]);
    expect(tenant.requests().some((request) => request.query.includes("search="))).toBe(false);
    expect(tenant.writes()).toEqual([]);
  });

  it("keeps a member someone else added between the snapshot and the write, which the runbook's PATCH users: [...] would drop", async () => {
    // Someone adds riley right after the command has read the group (and before it writes).
    tenant.hooks.push((request) => {
      if (request.path === "/api/v3/core/users/" && request.query.includes("username=casey")) {
        const media = tenant.simulator.state.groups.find((group) => group.pk === EXAMPLE.groups.media);
        media?.members?.push("riley");
      }
    });

    const run = await runCliCaptured(["member", "add", "media-users", "casey"], tenant.env());

    expect(run.code).toBe(0);
    expect(members(EXAMPLE.groups.media)).toEqual(["jodie", "riley", "casey"]);
    expect(tenant.writes().map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST /api/v3/core/groups/${EXAMPLE.groups.media}/add_user/`,
    ]);
  });

  it("refuses a saved snapshot: a write acts on live state", async () => {
    const run = await runCliCaptured(["--snapshot", join(dir, "any.json"), "member", "add", "media-users", "riley"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("ak-access: --snapshot: write commands work on live state only; drop --snapshot\n");
    expect(tenant.requests()).toEqual([]);
  });

  it("sends no write with --dry-run, and says what would change", async () => {
    const run = await runCliCaptured(["member", "remove", "media-users", "jodie", "--dry-run"], tenant.env());

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "would remove jodie from media-users",
        "  jodie loses access to jellyfin, jellyseer and peertube",
        "dry run: nothing was changed",
        "",
      ].join("\n"),
    );
    expect(tenant.writes()).toEqual([]);
    expect(members(EXAMPLE.groups.media)).toEqual(["jodie"]);
  });

  it("names the permission a 403 says the token lacks", async () => {
    const run = await runCliCaptured(
      ["member", "add", "media-users", "riley", "--format", "json"],
      tenant.env({ AUTHENTIK_TOKEN: VIEWER_TOKEN }),
    );

    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      steps: { status: string; failure: { status: number; permission: string; message: string } }[];
    };
    expect(report.ok).toBe(false);
    expect(report.steps[0]?.status).toBe("failed");
    expect(report.steps[0]?.failure).toEqual({
      status: 403,
      permission: "authentik_core.add_user_to_group",
      message: `POST /core/groups/{pk}/add_user/ answered 403 Forbidden ("You do not have permission to perform this action."): the token's user lacks the permission authentik_core.add_user_to_group (globally, or on the group media-users)`,
    });
    expect(members(EXAMPLE.groups.media)).toEqual(["jodie"]);
  });

  it("shows a 400 with authentik's field errors", async () => {
    tenant.simulator.addFault({
      method: "POST",
      path: `/api/v3/core/groups/${EXAMPLE.groups.media}/add_user/`,
      status: 400,
      body: { pk: ["A valid integer is required."] },
    });

    const run = await runCliCaptured(["member", "add", "media-users", "riley"], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      [
        "FAILED: add riley to media-users",
        '  POST /core/groups/{pk}/add_user/ answered 400 Bad Request: pk: "A valid integer is required."',
        "",
      ].join("\n"),
    );
  });

  it("rewrites the runbook's tables after the change with --update-runbook, and leaves them alone when nothing changed", async () => {
    const runbook = join(dir, "runbook.md");
    copyFileSync(EXAMPLE_RUNBOOK, runbook);

    const first = await runCliCaptured(["member", "add", "cloud-users", "riley", "--update-runbook", runbook], tenant.env());
    const text = readFileSync(runbook, "utf8");
    const second = await runCliCaptured(["member", "add", "cloud-users", "riley", "--update-runbook", runbook], tenant.env());

    expect(first.code).toBe(0);
    expect(first.stdout.split("\n").slice(-2)).toEqual([`${runbook}: quick reference regenerated`, ""]);
    const before = readFileSync(EXAMPLE_RUNBOOK, "utf8").split("\n");
    const after = text.split("\n");
    // Only the row that changed and the date, as report --inject does (the unpinned binding pk stays a placeholder).
    expect(after.length).toBe(before.length);
    expect(after.filter((line, index) => line !== before[index])).toEqual([
      "| cloud-users | `db3cbf5d-8057-4e33-8e8d-95bfdb35fbac` | riley |",
      expect.stringMatching(/^\*Last updated: 2026-11-28 — regenerated by ak-access from http:\/\/127\.0\.0\.1:\d+\*$/),
    ]);
    expect(second.stdout).toBe(`riley is already a member of cloud-users\n${runbook}: already up to date\n`);
    expect(readFileSync(runbook, "utf8")).toBe(text);
  });

  it("says the change was made when the runbook cannot be rewritten afterwards", async () => {
    const runbook = join(dir, "vanishing.md");
    copyFileSync(EXAMPLE_RUNBOOK, runbook);
    // Someone breaks the runbook's tables while the command writes to authentik.
    tenant.hooks.push((request) => {
      if (request.path.endsWith("/add_user/")) writeFileSync(runbook, "# no tables here\n\n| Group | PK |\n|---|---|\n| x | y |\n");
    });

    const run = await runCliCaptured(["member", "add", "cloud-users", "riley", "--update-runbook", runbook], tenant.env());

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("added riley to cloud-users\n  riley gains access to immich and nextcloud\n");
    expect(run.stderr).toMatch(
      new RegExp(`^ak-access: the change was made, but ${runbook.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} was not rewritten: `),
    );
    expect(members(EXAMPLE.groups.cloud)).toEqual(["riley"]);
  });
});
