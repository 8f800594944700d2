import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { FINDING_SEVERITIES } from "../../src/metrics/index.js";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { captureLogger } from "../fixtures/capture-logger.js";
import { hasTool } from "../fixtures/required-tool.js";

const HTTP_TOKEN = "http-s3cret-for-scrapers";
const dir = mkdtempSync(join(tmpdir(), "ak-access-service-"));
const baselineFile = join(dir, "access-groups.md");
const promtool = hasTool("promtool", ["--version"]);

let documented: SimulatorState;
let simulator: Simulator;
let service: RunningService;
let authentikToken: string;
const { logger, lines } = captureLogger();

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await request(`${service.url}${path}`, { headers: { authorization: `Bearer ${HTTP_TOKEN}`, ...headers } });
  const raw = Buffer.from(await response.body.arrayBuffer());
  const gzip = response.headers["content-encoding"] === "gzip";
  return { status: response.statusCode, headers: response.headers, body: (gzip ? gunzipSync(raw) : raw).toString("utf8") };
}

async function refresh(): Promise<number> {
  const response = await request(`${service.url}/-/refresh`, { method: "POST", headers: { authorization: `Bearer ${HTTP_TOKEN}` } });
  await response.body.dump();
  return response.statusCode;
}

/** `name{labels} value` lines of the exposition, as a map. */
function metricValues(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const at = line.lastIndexOf(" ");
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

async function metrics(): Promise<Map<string, number>> {
  return metricValues((await get("/metrics")).body);
}

beforeAll(async () => {
  documented = await loadSimulatorState("examples/authentik-state.json");
  authentikToken = documented.tokens[0]?.key ?? "";
  copyFileSync("examples/access-groups.md", baselineFile);
  simulator = await startSimulator({ state: applyDemoDrift(documented) });
  // Hold the first audit back so the service can be seen before it has a result.
  simulator.addFault({ path: "/api/v3/admin/version/", delayMs: 800, times: 1 });
  const config = loadConfig({
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: authentikToken,
    AK_ACCESS_BASELINE: baselineFile,
    AK_ACCESS_LISTEN: "127.0.0.1:0",
    AK_ACCESS_HTTP_TOKEN: HTTP_TOKEN,
    // Never fires during the test: audits run at start-up and on POST /-/refresh.
    AK_ACCESS_SCHEDULE: "0 0 1 1 *",
  });
  // Refreshes back to back: the rate bound has its own test.
  service = await startService(config, { logger, refreshMinIntervalMs: 0 });
});

afterAll(async () => {
  await service?.stop();
  await simulator?.close();
});

describe("service over a real port", () => {
  it("answers /readyz 503 with a JSON reason before the first audit, then 200", async () => {
    const before = await get("/readyz");
    const data = await get("/diff");

    await waitFor(() => service.store.latest() !== null);
    const after = await get("/readyz");

    expect(before.status).toBe(503);
    expect(JSON.parse(before.body)).toMatchObject({ ready: false, up: false, lastSuccessAt: null });
    expect(data.status).toBe(503);
    expect(data.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(data.body)).toMatchObject({ error: "no successful audit yet" });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ ready: true, up: true, baselineValid: true, lastError: null });
  });

  it("exports metrics that match the findings of the demo state", async () => {
    const values = await metrics();

    expect(values.get("ak_access_up")).toBe(1);
    expect(values.get("ak_access_baseline_valid")).toBe(1);
    expect(values.get("ak_access_snapshot_complete")).toBe(1);
    expect(values.get('ak_access_audits_total{result="success"}')).toBe(1);
    expect(values.get('ak_access_objects{kind="applications"}')).toBe(12);
    expect(values.get('ak_access_objects{kind="bindings"}')).toBe(8);
    expect(values.get('ak_access_findings{kind="application-open",severity="critical"}')).toBe(1);
    expect(values.get('ak_access_findings{kind="binding-negated",severity="critical"}')).toBe(1);
    expect(values.get('ak_access_findings{kind="binding-missing",severity="warning"}')).toBe(1);
    expect(values.get('ak_access_findings{kind="member-added",severity="warning"}')).toBe(1);
    expect(values.get('ak_access_findings{kind="superuser-not-exempt",severity="info"}')).toBe(2);
    expect(values.get('ak_access_findings{kind="group-missing",severity="critical"}')).toBe(0);
    expect(values.get('ak_access_application_open{slug="mailcow"}')).toBe(1);
    expect(values.get('ak_access_application_open{slug="jellyfin"}')).toBe(0);
    expect(values.get('ak_access_application_bindings{slug="mailcow"}')).toBe(0);
    expect(values.get('ak_access_application_bindings{slug="vaultwarden"}')).toBe(2);
    expect(values.get('ak_access_application_users{slug="jellyfin"}')).toBe(2);
    expect(values.get('ak_access_application_users{slug="mailcow"}')).toBe(5);
    expect(values.get('ak_access_application_users{slug="vaultwarden"}')).toBe(5);
    expect(values.get('ak_access_application_users{slug="forgejo"}')).toBe(0);
    expect(values.get('ak_access_application_service_accounts{slug="jellyfin"}')).toBe(0);
    expect(values.get('ak_access_application_service_accounts{slug="mailcow"}')).toBe(0);
    expect(values.get('ak_access_findings_accepted{kind="member-added"}')).toBe(0);
    expect(values.get('ak_access_application_findings{slug="mailcow",severity="critical"}')).toBe(1);
    expect(values.get('ak_access_access_changes{slug="vaultwarden",direction="gained"}')).toBe(5);
    expect(values.get('ak_access_access_changes{slug="jellyfin",direction="gained"}')).toBe(1);
    expect(values.get('ak_access_access_changes{slug="jellyfin",direction="lost"}')).toBe(0);
    expect(values.get('ak_access_access_changes{slug="jellyfin",direction="indeterminate"}')).toBe(0);
    expect(values.get('ak_access_group_members{group="media-users"}')).toBe(2);
    expect(values.get('ak_access_group_findings{group="media-users",severity="warning"}')).toBe(1);
    expect(values.get('ak_access_group_info{group="authentik Admins",pk="9944e153-f860-4443-81d1-ae544f611806",superuser="true"}')).toBe(1);
    expect(values.get('ak_access_application_info{slug="headplane",name="Headplane",policy_engine_mode="any",documented="unbound"}')).toBe(
      1,
    );
    expect(values.get('ak_access_api_requests_total{endpoint="/core/users/",code="200"}')).toBe(1);
    expect([...values.keys()].some((key) => key.startsWith("ak_access_process_cpu_seconds_total"))).toBe(true);
  });

  it("exports every finding kind with each of its severities, and its accepted count, 0 when absent", async () => {
    const values = await metrics();

    const expected = Object.entries(FINDING_SEVERITIES).flatMap(([kind, severities]) =>
      severities.map((s) => `ak_access_findings{kind="${kind}",severity="${s}"}`),
    );
    const accepted = Object.keys(FINDING_SEVERITIES).map((kind) => `ak_access_findings_accepted{kind="${kind}"}`);
    expect(Object.keys(FINDING_SEVERITIES)).toHaveLength(24);
    expect(expected).toHaveLength(28);
    for (const key of [...expected, ...accepted]) expect(values.has(key), key).toBe(true);
    expect(accepted.map((key) => values.get(key))).toEqual(accepted.map(() => 0));
  });

  it.skipIf(!promtool)("passes `promtool check metrics` on the live /metrics output", async () => {
    const { body, headers } = await get("/metrics");

    const result = spawnSync("promtool", ["check", "metrics"], { input: body, encoding: "utf8" });

    expect(headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("serves each route with its content type, the last audit's age, and ETags", async () => {
    const routes: [string, string][] = [
      ["/", "text/html; charset=UTF-8"],
      ["/report.md", "text/markdown; charset=utf-8"],
      ["/runbook.md", "text/markdown; charset=utf-8"],
      ["/diff", "application/json"],
      ["/diff.md", "text/markdown; charset=utf-8"],
      ["/snapshot.json", "application/json"],
      ["/access.json", "application/json"],
      ["/access.json?app=jellyfin", "application/json"],
    ];

    for (const [path, type] of routes) {
      const first = await get(path);
      const again = await get(path, { "if-none-match": String(first.headers.etag) });

      expect(first.status, path).toBe(200);
      expect(first.headers["content-type"], path).toBe(type);
      expect(first.headers.etag, path).toMatch(/^"[0-9a-f]+"$/);
      expect(Number(first.headers.age), path).toBeGreaterThanOrEqual(0);
      expect(again.status, path).toBe(304);
      expect(again.body, path).toBe("");
    }
  });

  it("renders the overview once per audit: one ETag for every request, 304 while it holds, a new one after the next audit", async () => {
    await waitFor(() => service.store.latest() !== null);
    const first = await get("/");
    const repeated = [await get("/"), await get("/", { "accept-encoding": "gzip" })];
    const conditional = await get("/", { "if-none-match": String(first.headers.etag) });
    const auditedAt = service.store.latest()?.finishedAt;

    expect(await refresh()).toBe(200);
    const after = await get("/");
    const stale = await get("/", { "if-none-match": String(first.headers.etag) });

    // Compressed, the same ETag turns weak (the bytes differ, the content does not).
    expect(repeated.map((page) => page.headers.etag)).toEqual([first.headers.etag, `W/${first.headers.etag}`]);
    expect(repeated.map((page) => page.body)).toEqual([first.body, first.body]);
    expect(conditional.status).toBe(304);
    expect(first.body).not.toMatch(/http-equiv|refresh|\bago\b/i);
    expect(first.body).toContain(`audited at <time datetime="${auditedAt}">`);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(after.body).toContain(`audited at <time datetime="${service.store.latest()?.finishedAt}">`);
    expect(stale.status).toBe(200);
    expect(stale.headers.etag).toBe(after.headers.etag);
  });

  it("summarises the demo drift on the overview and links to the details", async () => {
    await waitFor(() => service.store.latest() !== null);
    const page = (await get("/")).body;

    expect(page).toContain('<p class="muted" id="totals">6 users (5 active), 8 groups, 12 applications, 8 bindings. Details on demand:');
    expect(page).toContain('<tr class="finding-kind" data-kind="application-open" data-severity="critical">');
    expect(page).toMatch(
      /<tr data-state="bound" data-slug="jellyfin"><td>Jellyfin <code class="muted">jellyfin<\/code><\/td><td class="bound">group:media-users<\/td><td class="allowed">2: jodie, riley <a href="access.json\?app&#x3D;jellyfin">who<\/a><\/td>/,
    );
    expect(page).toContain('<tr class="group"><td>media-users</td><td>2: jodie, riley</td><td class="number">3</td>');
    expect(page).toContain('<a href="diff.md">/diff.md</a>');
  });

  it("answers /access.json for one application or one user, as `access --app` and `--user` do", async () => {
    await waitFor(() => service.store.latest() !== null);
    const app = await get("/access.json?app=jellyfin");
    const person = await get("/access.json?user=riley");
    const both = await get("/access.json?user=riley&app=mailcow");
    const unknownApp = await get("/access.json?app=jellyfn");
    const unknownUser = await get("/access.json?user=Riley");

    expect(JSON.parse(app.body)).toEqual({
      applications: [
        {
          slug: "jellyfin",
          name: "Jellyfin",
          everyone: null,
          allow: ["jodie", "riley"],
          indeterminate: [],
          serviceAccounts: { allow: [], indeterminate: [] },
        },
      ],
    });
    const verdicts = JSON.parse(person.body) as { username: string; applications: { slug: string; result: string }[] };
    expect(verdicts.username).toBe("riley");
    expect(verdicts.applications).toHaveLength(12);
    expect(verdicts.applications.find((entry) => entry.slug === "jellyfin")).toEqual({
      slug: "jellyfin",
      result: "allow",
      via: ["group:media-users"],
    });
    expect(JSON.parse(both.body)).toEqual({ username: "riley", applications: [{ slug: "mailcow", result: "allow", via: ["default"] }] });
    expect(unknownApp.status).toBe(404);
    expect(JSON.parse(unknownApp.body).error).toMatch(/^no application with slug "jellyfn" \(known: forgejo, headplane, .*jellyfin, /);
    expect(unknownUser.status).toBe(404);
    expect(JSON.parse(unknownUser.body)).toEqual({ error: 'no user with username "Riley" (usernames are exact and case-sensitive)' });
  });

  it("serves the findings as `check --format json` does, and the access matrix", async () => {
    const diff = JSON.parse((await get("/diff")).body) as {
      inSync: boolean;
      summary: object;
      completeness: object;
      findings: { id: string; kind: string }[];
      accessChanges: unknown[];
      accessChangeGroups: { slug: string; count: number }[];
    };
    const access = JSON.parse((await get("/access.json")).body) as {
      applications: { slug: string; everyone: string | null; allow: string[] }[];
    };

    expect(diff.inSync).toBe(false);
    expect(Object.keys(diff)).toEqual([
      "inSync",
      "summary",
      "completeness",
      "attribution",
      "findings",
      "accessChanges",
      "accessChangeGroups",
      "auditedAt",
    ]);
    expect(diff.completeness).toEqual({ complete: true, problems: [] });
    expect(diff.summary).toEqual({ critical: 2, warning: 2, info: 2, accepted: 0 });
    expect(diff.findings.map((finding) => finding.id)).toEqual([
      "application-open:mailcow",
      "binding-negated:vaultwarden/proxmox_users",
      "binding-missing:mailcow/communication-users",
      "member-added:media-users/riley",
      "superuser-not-exempt:akadmin",
      "superuser-not-exempt:matt",
    ]);
    expect(diff.accessChanges).toHaveLength(13);
    expect(diff.accessChangeGroups.map((group) => `${group.slug} ${group.count}`)).toEqual([
      "jellyfin 1",
      "jellyseer 1",
      "mailcow 5",
      "peertube 1",
      "vaultwarden 5",
    ]);
    expect(access.applications.find((app) => app.slug === "mailcow")).toMatchObject({ everyone: "allow", allow: [] });
    expect(access.applications.find((app) => app.slug === "jellyfin")).toMatchObject({ everyone: null, allow: ["jodie", "riley"] });
  });

  it("serves /runbook.md: the runbook with its tables regenerated from live state, the rest unchanged", async () => {
    const runbook = (await get("/runbook.md")).body;
    const original = readFileSync(baselineFile, "utf8");

    expect(runbook).toContain("| media-users | `0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie, riley |");
    expect(runbook).toContain("| Mailcow | mailcow | — |");
    expect(runbook).not.toContain("| Mailcow | mailcow | communication-users |");
    expect(runbook.slice(0, original.indexOf("### Groups"))).toBe(original.slice(0, original.indexOf("### Groups")));
  });

  it("compresses with gzip when asked", async () => {
    const response = await get("/snapshot.json", { "accept-encoding": "gzip" });

    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(response.body)).toMatchObject({ schemaVersion: 1 });
  });

  it("requires the HTTP token everywhere but /healthz and /readyz", async () => {
    const anonymous = async (path: string) => {
      const response = await request(`${service.url}${path}`);
      await response.body.dump();
      return response.statusCode;
    };
    await waitFor(() => service.store.latest() !== null);
    const wrong = await request(`${service.url}/diff`, { headers: { authorization: "Bearer nope" } });
    await wrong.body.dump();

    expect(await anonymous("/healthz")).toBe(200);
    expect(await anonymous("/readyz")).toBe(200);
    for (const path of ["/", "/metrics", "/diff", "/snapshot.json", "/access.json", "/report.md", "/runbook.md"]) {
      expect(await anonymous(path), path).toBe(401);
    }
    expect(wrong.statusCode).toBe(401);
  });

  it("follows authentik after it changes and a refresh: metrics and /diff", async () => {
    simulator.state = documented;

    const status = await refresh();
    const values = await metrics();
    const diff = JSON.parse((await get("/diff")).body) as { inSync: boolean; findings: { kind: string }[] };

    expect(status).toBe(200);
    expect(values.get('ak_access_findings{kind="application-open",severity="critical"}')).toBe(0);
    expect(values.get('ak_access_application_open{slug="mailcow"}')).toBe(0);
    expect(values.get('ak_access_application_bindings{slug="mailcow"}')).toBe(1);
    expect(values.get('ak_access_access_changes{slug="vaultwarden",direction="gained"}')).toBe(0);
    expect(diff.inSync).toBe(true);
    expect(diff.findings.map((finding) => finding.kind)).toEqual(["superuser-not-exempt", "superuser-not-exempt"]);
  });

  it("says in /diff and the metrics when the snapshot is incomplete: the tenant settings answered 403", async () => {
    simulator.state = documented;
    simulator.addFault({ path: "/api/v3/admin/settings/", status: 403 });

    const status = await refresh();
    const diff = JSON.parse((await get("/diff")).body) as { completeness: { complete: boolean; problems: string[] } };
    const values = await metrics();
    simulator.clearFaults();

    expect(status).toBe(200);
    expect(diff.completeness.complete).toBe(false);
    expect(diff.completeness.problems).toEqual([
      "the token cannot read the tenant settings (GET /admin/settings/ needs view_system_settings), so whether apps without bindings are open (core_default_app_access) is unknown; authentik's default, open, is assumed",
    ]);
    expect(values.get("ak_access_snapshot_complete")).toBe(0);
  });

  it("drops deleted applications from the metrics", async () => {
    simulator.state = { ...documented, applications: documented.applications.filter((app) => app.slug !== "watchtower") };

    await refresh();
    const values = await metrics();

    expect([...values.keys()].filter((key) => key.includes('slug="watchtower"'))).toEqual([]);
    expect(values.get('ak_access_findings{kind="application-missing",severity="warning"}')).toBe(1);
  });

  it("keeps the last good baseline when an edit breaks the runbook, and says so", async () => {
    simulator.state = documented;
    const good = readFileSync(baselineFile, "utf8");
    writeFileSync(baselineFile, good.replace("| Jellyfin | jellyfin | media-users |", "| Jellyfin | jellyfin | media-user |"));

    await refresh();
    const values = await metrics();
    const ready = JSON.parse((await get("/readyz")).body) as { baselineValid: boolean; baselineError: string };
    const diff = JSON.parse((await get("/diff")).body) as { inSync: boolean };
    writeFileSync(baselineFile, good);

    expect(values.get("ak_access_baseline_valid")).toBe(0);
    expect(values.get("ak_access_up")).toBe(1);
    expect(ready.baselineValid).toBe(false);
    expect(ready.baselineError).toMatch(/access-groups\.md:\d+: unknown group "media-user" in the bindings table/);
    expect(diff.inSync).toBe(true);
    expect(lines.some((line) => line.includes("baseline refused"))).toBe(true);
  });

  it("keeps serving the last good result with its age when authentik starts failing, and says the audit is down", async () => {
    simulator.state = documented;
    await refresh();
    const lastGood = JSON.parse((await get("/diff")).body) as { auditedAt: string };
    simulator.addFault({ path: "/api/v3/core/groups/", status: 500 });

    const status = await refresh();
    const values = await metrics();
    const diff = await get("/diff");
    const ready = await get("/readyz");
    simulator.clearFaults();

    expect(status).toBe(502);
    expect(values.get("ak_access_up")).toBe(0);
    expect(values.get('ak_access_audits_total{result="failure"}')).toBe(1);
    expect(values.get('ak_access_api_requests_total{endpoint="/core/groups/",code="500"}')).toBe(1);
    expect(diff.status).toBe(200);
    expect(JSON.parse(diff.body)).toMatchObject({ inSync: true, auditedAt: lastGood.auditedAt });
    expect(diff.headers["last-modified"]).toBe(new Date(lastGood.auditedAt).toUTCString());
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({
      up: false,
      lastError: expect.stringMatching(/^GET \/core\/groups\/ \(page 1\) answered 500/),
    });
    expect(lines.filter((line) => line.includes("audit failed"))).toHaveLength(1);
  });

  it("coalesces refreshes: three at once run two audits, the one they started and one that starts after them all", async () => {
    simulator.requests.length = 0;

    const statuses = await Promise.all([refresh(), refresh(), refresh()]);

    expect(statuses).toEqual([200, 200, 200]);
    expect(simulator.requests.filter((r) => r.path === "/api/v3/admin/version/")).toHaveLength(2);
  });

  it("never shows a token: not in any route, metric or log line", async () => {
    const bodies = await Promise.all(
      ["/", "/metrics", "/diff", "/diff.md", "/snapshot.json", "/access.json", "/report.md", "/runbook.md", "/readyz"].map((path) =>
        get(path),
      ),
    );

    for (const text of [...bodies.map((b) => b.body + JSON.stringify(b.headers)), ...lines]) {
      expect(text).not.toContain(authentikToken);
      expect(text).not.toContain(HTTP_TOKEN);
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
