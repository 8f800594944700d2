import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Env } from "../../src/config/index.js";
import type { AccessChange, AccessChangeGroup, Finding } from "../../src/diff/index.js";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

const EXAMPLE_STATE = fileURLToPath(new URL("../../examples/authentik-state.json", import.meta.url));
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../examples/access-groups.md", import.meta.url));
const SEED_RUNBOOK = fileURLToPath(new URL("../../../shared/seed/access-groups-runbook.md", import.meta.url));
const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const hasSeed = existsSync(SEED_RUNBOOK);
const RUNBOOKS = [
  { runbook: "the example runbook", file: EXAMPLE_RUNBOOK, present: true, skipped: "" },
  { runbook: "the user's seed runbook", file: SEED_RUNBOOK, present: hasSeed, skipped: " (skipped when ../shared/seed is absent)" },
];
const BOUND_APPS = ["forgejo", "immich", "jellyfin", "jellyseer", "mailcow", "nextcloud", "peertube", "vaultwarden"];
const ANSI = "\u001b[";

interface CheckJson {
  inSync: boolean;
  summary: { critical: number; warning: number; info: number; accepted: number };
  completeness: { complete: boolean; problems: string[] };
  findings: Finding[];
  accessChanges: AccessChange[];
  attribution: { window: string; events: number; notice: string | null } | null;
  accessChangeGroups: AccessChangeGroup[];
}

let documented: SimulatorState;
let token: string;
let simulator: Simulator;
const dir = mkdtempSync(join(tmpdir(), "ak-access-check-"));

beforeAll(async () => {
  documented = await loadSimulatorState(EXAMPLE_STATE);
  token = documented.tokens[0]?.key ?? "";
  simulator = await startSimulator({ state: structuredClone(documented) });
});
beforeEach(() => {
  simulator.setState(structuredClone(documented));
  simulator.clearFaults();
});
afterAll(async () => {
  await simulator.close();
});

/** runCliCaptured's clock: the demo drift's events are logged a few hours before it. */
const CHECK_NOW = new Date("2026-11-28T12:00:00.000Z");

function drifted(): SimulatorState {
  return applyDemoDrift(documented, { now: CHECK_NOW });
}

function live(baseline = EXAMPLE_RUNBOOK): Env {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: token, AK_ACCESS_BASELINE: baseline };
}

/** The example tenant with one group renamed: a warning and nothing else (no access changes). */
function withRenamedGroup(state: SimulatorState): SimulatorState {
  const renamed = structuredClone(state);
  for (const group of renamed.groups) if (group.name === "proxmox_users") group.name = "proxmox-users";
  return renamed;
}

/** The lines under a heading of the text output, up to the next blank line. */
function sectionOf(lines: readonly string[]): (heading: string) => string[] {
  return (heading) => {
    expect(lines).toContain(heading);
    const start = lines.indexOf(heading) + 1;
    const end = lines.indexOf("", start);
    return lines.slice(start, end === -1 ? undefined : end);
  };
}

function superuserNote(username: string, deniedSlugs: string[]): Omit<Finding, "message"> {
  return {
    id: `superuser-not-exempt:${username}`,
    kind: "superuser-not-exempt",
    severity: "info",
    subject: { type: "user", username },
    expected: "allow",
    actual: deniedSlugs,
    events: [],
  };
}

describe.each(RUNBOOKS)("cli check against $runbook", ({ file, present, skipped }) => {
  it.skipIf(!present)(`reports the documented state as in sync, with only the superuser notes${skipped}`, async () => {
    const run = await runCliCaptured(["check", "--format", "json"], live(file));

    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(Object.keys(report)).toEqual([
      "inSync",
      "summary",
      "completeness",
      "attribution",
      "findings",
      "accessChanges",
      "accessChangeGroups",
    ]);
    expect(report.attribution).toEqual({ window: "30d", events: 0, notice: null });
    expect(report.inSync).toBe(true);
    expect(report.summary).toEqual({ critical: 0, warning: 0, info: 2, accepted: 0 });
    expect(report.completeness).toEqual({ complete: true, problems: [] });
    expect(report.findings.map(({ message: _message, ...finding }) => finding)).toEqual([
      superuserNote("akadmin", BOUND_APPS),
      superuserNote("matt", BOUND_APPS),
    ]);
    expect(report.findings[0]?.message).toBe(
      "akadmin is a superuser but cannot sign in to forgejo, immich, jellyfin, jellyseer, mailcow and 3 more, because authentik applies application bindings to superusers too (the runbook assumes they are exempt)",
    );
    expect(report.accessChanges).toEqual([]);
    expect(report.accessChangeGroups).toEqual([]);
  });

  it.skipIf(!present)(`lists every problem of a broken baseline as file:line: message, and audits nothing${skipped}`, async () => {
    const broken = join(dir, `broken-${file.endsWith("runbook.md") ? "seed" : "example"}.md`);
    const original = readFileSync(file, "utf8");
    const text = original
      .replace("| Forgejo | forgejo | productivity-users |", "| Forgejo | forgejo | productivity-user |")
      .replace("`db3cbf5d-8057-4e33-8e8d-95bfdb35fbac`", "`db3cbf5d-8057-4e33-8e8d-95bfdb35fba`");
    writeFileSync(broken, text);
    const lines = text.split("\n");
    const uuidLine = lines.findIndex((line) => line.includes("`db3cbf5d-8057-4e33-8e8d-95bfdb35fba`")) + 1;
    const groupLine = lines.findIndex((line) => line.includes("| productivity-user |")) + 1;
    const requestsBefore = simulator.requests.length;

    const run = await runCliCaptured(["--baseline", broken, "check", "--format", "json"], live());

    expect(text).not.toBe(original);
    expect(uuidLine).toBeLessThan(groupLine);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toEqual([
      "ak-access: the baseline has 2 problems:",
      `${broken}:${uuidLine}: malformed UUID "db3cbf5d-8057-4e33-8e8d-95bfdb35fba" in the "PK" cell of group "cloud-users" (expected a UUID: 32 hex digits grouped 8-4-4-4-12)`,
      `${broken}:${groupLine}: unknown group "productivity-user" in the bindings table (known: authentik Admins, cloud-users, communication-users, media-users, productivity-users, proxmox_admins, proxmox_users, security-users)`,
      "",
    ]);
    expect(simulator.requests.length).toBe(requestsBefore);
  });
});

describe("cli check", () => {
  it("reports the demo drift with exit code 1: the findings and who gained access", async () => {
    simulator.setState(drifted());

    const run = await runCliCaptured(["check", "--format", "json"], live());

    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(report.inSync).toBe(false);
    expect(report.summary).toEqual({ critical: 2, warning: 2, info: 2, accepted: 0 });
    const mailcowDeleted = { at: "2026-11-27T10:00:00.000Z", username: "matt", action: "model_deleted", clientIp: "10.0.0.7" };
    expect(report.attribution).toEqual({ window: "30d", events: 3, notice: null });
    const denied = ["forgejo", "immich", "jellyfin", "jellyseer", "nextcloud", "peertube"];
    expect(report.findings.map(({ message: _message, ...finding }) => finding)).toEqual([
      {
        id: "application-open:mailcow",
        kind: "application-open",
        severity: "critical",
        subject: { type: "application", slug: "mailcow" },
        expected: ["communication-users"],
        actual: [],
        events: [mailcowDeleted],
      },
      {
        id: "binding-negated:vaultwarden/proxmox_users",
        kind: "binding-negated",
        severity: "critical",
        subject: { type: "binding", slug: "vaultwarden", group: "proxmox_users" },
        expected: false,
        actual: true,
        events: [{ at: "2026-11-28T10:00:00.000Z", username: "akadmin", action: "model_created", clientIp: "192.168.1.20" }],
      },
      {
        id: "binding-missing:mailcow/communication-users",
        kind: "binding-missing",
        severity: "warning",
        subject: { type: "binding", slug: "mailcow", group: "communication-users" },
        expected: true,
        actual: false,
        events: [mailcowDeleted],
      },
      {
        id: "member-added:media-users/riley",
        kind: "member-added",
        severity: "warning",
        subject: { type: "user", username: "riley", group: "media-users" },
        expected: false,
        actual: true,
        events: [{ at: "2026-11-28T07:00:00.000Z", username: "matt", action: "model_updated", clientIp: "10.0.0.7" }],
      },
      superuserNote("akadmin", denied),
      superuserNote("matt", denied),
    ]);
    expect(report.accessChanges).toHaveLength(13);
    expect(
      report.accessChanges.map(
        (change) => `${change.username} ${change.slug} ${change.expected}->${change.actual} ${change.direction} ${change.via.join(",")}`,
      ),
    ).toEqual([
      "riley jellyfin deny->allow gained group:media-users",
      "riley jellyseer deny->allow gained group:media-users",
      "akadmin mailcow deny->allow gained default",
      "casey mailcow deny->allow gained default",
      "jodie mailcow deny->allow gained default",
      "matt mailcow deny->allow gained default",
      "riley mailcow deny->allow gained default",
      "riley peertube deny->allow gained group:media-users",
      "akadmin vaultwarden deny->allow gained negated group:proxmox_users",
      "casey vaultwarden deny->allow gained negated group:proxmox_users",
      "jodie vaultwarden deny->allow gained negated group:proxmox_users",
      "matt vaultwarden deny->allow gained negated group:proxmox_users",
      "riley vaultwarden deny->allow gained negated group:proxmox_users",
    ]);
    expect(report.accessChanges).toContainEqual({
      username: "casey",
      slug: "mailcow",
      expected: "deny",
      actual: "allow",
      direction: "gained",
      serviceAccount: false,
      via: ["default"],
      expectedVia: ["group:communication-users"],
    });
    const people = ["akadmin", "casey", "jodie", "matt", "riley"];
    const gained = { direction: "gained", serviceAccounts: false, accepted: false } as const;
    expect(report.accessChangeGroups).toEqual([
      { slug: "jellyfin", ...gained, via: ["group:media-users"], count: 1, usernames: ["riley"] },
      { slug: "jellyseer", ...gained, via: ["group:media-users"], count: 1, usernames: ["riley"] },
      { slug: "mailcow", ...gained, via: ["default"], count: 5, usernames: people },
      { slug: "peertube", ...gained, via: ["group:media-users"], count: 1, usernames: ["riley"] },
      { slug: "vaultwarden", ...gained, via: ["negated group:proxmox_users"], count: 5, usernames: people },
    ]);
  });

  it.each([
    ["only info notes", "documented", [], 0],
    ["only info notes", "documented", ["--fail-on", "warning"], 0],
    ["only info notes", "documented", ["--fail-on", "info"], 1],
    ["only info notes", "documented", ["--fail-on", "critical"], 0],
    ["a warning", "renamed", [], 1],
    ["a warning", "renamed", ["--fail-on", "critical"], 0],
    ["a warning", "renamed", ["--fail-on", "warning"], 1],
    ["a warning", "renamed", ["--fail-on", "info"], 1],
    ["critical drift", "drifted", ["--fail-on", "critical"], 1],
    ["critical drift", "drifted", ["--fail-on", "info"], 1],
  ] as const)("with %s (%s state) and %j exits %i", async (_findings, variant, flags, code) => {
    const states = { documented, renamed: withRenamedGroup(documented), drifted: drifted() };
    simulator.setState(structuredClone(states[variant]));

    const run = await runCliCaptured(["check", "--format", "json", ...flags], live());

    expect(run.code).toBe(code);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(report.summary).toEqual(
      {
        documented: { critical: 0, warning: 0, info: 2, accepted: 0 },
        renamed: { critical: 0, warning: 1, info: 2, accepted: 0 },
        drifted: { critical: 2, warning: 2, info: 2, accepted: 0 },
      }[variant],
    );
  });

  it("rejects an unknown --fail-on severity with exit code 2", async () => {
    const run = await runCliCaptured(["check", "--fail-on", "error"], live());

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "error: option '--fail-on <severity>' argument 'error' is invalid. Allowed choices are critical, warning, info.",
    );
  });

  it("prints text by default: the verdict, the findings by severity, then the access changes grouped, without colour under NO_COLOR", async () => {
    simulator.setState(drifted());

    const run = await runCliCaptured(["check"], live());

    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(ANSI);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "drift: 2 critical, 2 warning, 2 info, 13 access changes",
      `baseline ${EXAMPLE_RUNBOOK} against ${simulator.url} at 2026-11-28T12:00:00.000Z`,
    ]);
    expect(lines.filter((line) => /^[A-Z]/.test(line))).toEqual([
      "CRITICAL (2)",
      "WARNING (2)",
      "INFO (2)",
      "ACCESS CHANGES (5 people on 5 applications)",
    ]);
    const section = sectionOf(lines);
    expect(section("CRITICAL (2)")).toEqual([
      "  application-open:mailcow  Mailcow is open to every authenticated user: its only binding (communication-users) is gone",
      "      — deleted by matt at 2026-11-27 10:00 UTC from 10.0.0.7",
      "  binding-negated:vaultwarden/proxmox_users  Vaultwarden's binding to proxmox_users is negated, so it admits every user who is NOT in proxmox_users",
      "      — created by akadmin at 2026-11-28 10:00 UTC from 192.168.1.20",
    ]);
    expect(section("WARNING (2)")).toEqual([
      "  binding-missing:mailcow/communication-users  Mailcow has no binding to communication-users, although the runbook lists that binding",
      "      — deleted by matt at 2026-11-27 10:00 UTC from 10.0.0.7",
      "  member-added:media-users/riley  riley was added to media-users, which the runbook does not list",
      "      — updated by matt at 2026-11-28 07:00 UTC from 10.0.0.7",
    ]);
    expect(section("INFO (2)").map((line) => line.split("  ").slice(0, 2).join("  "))).toEqual([
      "  superuser-not-exempt:akadmin",
      "  superuser-not-exempt:matt",
    ]);
    expect(section("ACCESS CHANGES (5 people on 5 applications)")).toEqual([
      "  jellyfin     +1  via group:media-users  riley",
      "  jellyseer    +1  via group:media-users  riley",
      "  mailcow      +5  via default  akadmin, casey, jodie, matt, riley",
      "  peertube     +1  via group:media-users  riley",
      "  vaultwarden  +5  via negated group:proxmox_users  akadmin, casey, jodie, matt, riley",
    ]);
  });

  it("prints one line per person and application with --details", async () => {
    simulator.setState(applyDemoDrift(documented));

    const run = await runCliCaptured(["check", "--details"], live());

    expect(run.code).toBe(1);
    const changes = sectionOf(run.stdout.split("\n"))("ACCESS CHANGES (5 people on 5 applications)");
    expect(changes).toHaveLength(13);
    expect(changes.slice(0, 3)).toEqual([
      "  + riley    jellyfin     deny -> allow  via group:media-users",
      "  + riley    jellyseer    deny -> allow  via group:media-users",
      "  + akadmin  mailcow      deny -> allow  via default",
    ]);
    expect(changes).toContain("  + jodie    vaultwarden  deny -> allow  via negated group:proxmox_users");
  });

  it("prints the in-sync verdict and the notes as text for the documented state", async () => {
    const run = await runCliCaptured(["check", "--format", "text"], live());

    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("in sync: 0 critical, 0 warning, 2 info, 0 access changes");
    expect(lines.filter((line) => /^[A-Z]/.test(line))).toEqual(["INFO (2)"]);
    expect(run.stdout).not.toContain("ACCESS CHANGES");
  });

  it.each([
    ["FORCE_COLOR=1 without NO_COLOR", { FORCE_COLOR: "1" }, true],
    ["NO_COLOR=1, which beats FORCE_COLOR=1", { FORCE_COLOR: "1", NO_COLOR: "1" }, false],
  ])("colours the text output of the built CLI with %s", async (_case, colourEnv, coloured) => {
    const snapshotFile = join(dir, "colour-snapshot.json");
    simulator.setState(drifted());
    const saved = await runCliCaptured(["snapshot", "--output", snapshotFile], live());

    // Node's styleText also consults the process's own stdout and env, so colour is checked in a child
    // process whose environment is the one under test, exactly as a user runs the bin.
    const child = spawnSync(process.execPath, [CLI, "--snapshot", snapshotFile, "--baseline", EXAMPLE_RUNBOOK, "check"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...colourEnv },
      encoding: "utf8",
    });

    expect(saved.code).toBe(0);
    expect(child.status).toBe(1);
    expect(child.stderr).toBe("");
    expect(child.stdout.includes(ANSI)).toBe(coloured);
    expect(child.stdout.includes("\u001b[31m\u001b[1mCRITICAL (2)\u001b[22m\u001b[39m")).toBe(coloured);
    expect(child.stdout.replace(/\u001b\[\d+m/g, "").split("\n")[0]).toBe("drift: 2 critical, 2 warning, 2 info, 13 access changes");
  });

  it("prints the Markdown report with --format markdown", async () => {
    simulator.setState(drifted());

    const run = await runCliCaptured(["check", "--format", "markdown"], live());

    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "## authentik access audit",
      "",
      `Baseline ${EXAMPLE_RUNBOOK} against ${simulator.url}, snapshot taken 2026-11-28T12:00:00.000Z.`,
      "",
      "**Drift:** authentik differs from the runbook's tables.",
    ]);
    expect(lines).toContain("| 2 | 2 | 2 | 13 | 0 |");
    expect(lines.filter((line) => line.startsWith("### "))).toEqual([
      "### Critical (2)",
      "### Warning (2)",
      "### Info (2)",
      "### Who changed it",
      "### Access changes (5 people on 5 applications)",
    ]);
    expect(lines).toContain(
      "| `application-open:mailcow` | Mailcow is open to every authenticated user: its only binding (communication-users) is gone |",
    );
    expect(lines).toContain("| `member-added:media-users/riley` | riley was added to media-users, which the runbook does not list |");
    expect(lines).toContain("| Jellyfin (jellyfin) | +1 | via group:media-users | riley |");
    expect(lines).toContain("| `binding-missing:mailcow/communication-users` | deleted by matt at 2026-11-27 10:00 UTC from 10.0.0.7 |");
    expect(lines).toContain("| `member-added:media-users/riley` | updated by matt at 2026-11-28 07:00 UTC from 10.0.0.7 |");
    expect(lines).toContain("| Vaultwarden (vaultwarden) | +5 | via negated group:proxmox_users | akadmin, casey, jodie, matt, riley |");
  });

  it("says in sync in the Markdown report of the documented state", async () => {
    const run = await runCliCaptured(["check", "--format", "markdown"], live());

    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines).toContain("**In sync:** authentik matches the runbook's tables. Info findings, if any, are notes.");
    expect(lines).toContain("| 0 | 0 | 2 | 0 | 0 |");
    expect(lines.filter((line) => line.startsWith("### "))).toEqual(["### Info (2)"]);
  });

  it("gives the same JSON offline from a saved snapshot as live, without asking authentik (and so without attribution)", async () => {
    simulator.setState(drifted());
    const snapshotFile = join(dir, "drifted-snapshot.json");
    const liveRun = await runCliCaptured(["check", "--format", "json"], live());
    const saved = await runCliCaptured(["snapshot", "--output", snapshotFile], live());
    const requestsBefore = simulator.requests.length;

    const offline = await runCliCaptured(["--snapshot", snapshotFile, "check", "--format", "json"], {
      AK_ACCESS_BASELINE: EXAMPLE_RUNBOOK,
    });

    expect(saved).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toBe("");
    const unattributed = (report: CheckJson) => ({
      ...report,
      findings: report.findings.map((finding) => ({ ...finding, events: [] })),
      attribution: null,
    });
    expect(JSON.parse(offline.stdout)).toEqual(unattributed(JSON.parse(liveRun.stdout) as CheckJson));
    expect((JSON.parse(liveRun.stdout) as CheckJson).findings.filter((finding) => (finding.events ?? []).length > 0)).toHaveLength(4);
    expect((JSON.parse(offline.stdout) as CheckJson).summary).toEqual({ critical: 2, warning: 2, info: 2, accepted: 0 });
    expect(simulator.requests.length).toBe(requestsBefore);
  });

  it("exits 2 with one message when authentik cannot be reached", async () => {
    const run = await runCliCaptured(["check", "--format", "json"], {
      ...live(),
      AUTHENTIK_URL: "http://127.0.0.1:9",
      AK_ACCESS_TIMEOUT_MS: "2000",
    });

    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "ak-access: GET /admin/version/: cannot reach http://127.0.0.1:9: connection refused: is authentik running and is the URL right?\n",
    });
  });

  it("exits 2 when the baseline file does not exist", async () => {
    const missing = join(dir, "no-such-runbook.md");

    const run = await runCliCaptured(["check"], live(missing));

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`ak-access: ${missing}: cannot read the baseline runbook (ENOENT); set AK_ACCESS_BASELINE or --baseline\n`);
  });
});
