import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { applyDemoDrift, loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { hasTool } from "../fixtures/required-tool.js";

const CHROMIUM = "/usr/bin/chromium";
// Without the background-networking flags Chromium phones home, and this machine refuses that.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const OUTPUT_DIR = fileURLToPath(new URL("../../test-output/", import.meta.url));
const MOBILE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const PROXMOX_USERS = "cf26703a-a824-47dd-9550-30b848a8ce5f";
const HOSTILE_GROUP = "evil <img src=x onerror=alert(1)>";
const HOSTILE_APP = "Watchtower <script>window.__akPwned = true</script>";

const available = hasTool(CHROMIUM, ["--version"]);
// The demo drift's events are logged this many hours before the start of the test (the real clock:
// the service reads the last 30 days of the log relative to it), on the minute so the page's times are exact.
const DRIFT_NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);

/** How the page writes the time of an event logged `hours` before DRIFT_NOW: "2026-11-30 12:32 UTC". */
function hoursBefore(hours: number): string {
  const iso = new Date(DRIFT_NOW.getTime() - hours * 3_600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
if (!available)
  console.warn(`skipping the overview browser tests: ${CHROMIUM} is not installed (AK_ACCESS_REQUIRE_TOOLS=1 makes this fail)`);

interface Served {
  simulator: Simulator;
  service: RunningService;
  close(): Promise<void>;
}

/** The simulator with `state`, and the service auditing it against the example runbook, first audit done. */
async function serveState(state: SimulatorState): Promise<Served> {
  const simulator = await startSimulator({ state });
  const config = loadConfig({
    AUTHENTIK_URL: simulator.url,
    AUTHENTIK_TOKEN: state.tokens[0]?.key ?? "",
    AK_ACCESS_BASELINE: "examples/access-groups.md",
    AK_ACCESS_LISTEN: "127.0.0.1:0",
  });
  const service = await startService(config, { logger: pino({ level: "silent" }) });
  const deadline = Date.now() + 15_000;
  while (service.store.latest() === null) {
    if (Date.now() > deadline) throw new Error(`no audit result within 15 s: ${service.store.status().lastError ?? "still running"}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    simulator,
    service,
    async close() {
      await service.stop();
      await simulator.close();
    },
  };
}

interface WatchedPage {
  page: Page;
  requests: string[];
  consoleErrors: string[];
  dialogs: string[];
}

/** A page that records every request, console error, uncaught error and dialog. */
async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const watched: WatchedPage = { page, requests: [], consoleErrors: [], dialogs: [] };
  page.on("request", (request) => watched.requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") watched.consoleErrors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on("pageerror", (error) => watched.consoleErrors.push(error.message));
  page.on("dialog", (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return watched;
}

/** The visible text of each cell, row by row, for the rows `selector` matches. */
function rowsOf(page: Page, selector: string): Promise<string[][]> {
  return page
    .locator(selector)
    .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll("td")).map((cell) => (cell as HTMLElement).innerText.trim())));
}

describe.skipIf(!available)("service: the overview page in Chromium", () => {
  let browser: Browser;
  let served: Served;

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    served = await serveState(applyDemoDrift(await loadSimulatorState("examples/authentik-state.json"), { now: DRIFT_NOW }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("shows the demo drift's counts, findings and access changes, loading nothing from elsewhere", async () => {
    const { page, requests, consoleErrors } = await openPage(browser, { viewport: { width: 1280, height: 900 } });

    const response = await page.goto(`${served.service.url}/`);
    await page.screenshot({ path: `${OUTPUT_DIR}overview.png`, fullPage: true });

    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("Drift · authentik access audit");
    expect(await page.locator("#status h2 .badge").innerText()).toBe("OK");
    expect(await page.locator("#verdict").getAttribute("data-in-sync")).toBe("false");
    expect(await page.locator("#verdict").innerText()).toBe("Drift: authentik differs from the runbook's tables.");
    const counts = await page
      .locator("#summary .counts li")
      .evaluateAll((items) =>
        items.map((item) => [item.getAttribute("data-severity"), (item as HTMLElement).innerText.replace(/\s+/g, " ").trim()]),
      );
    expect(counts).toEqual([
      ["critical", "2 Critical"],
      ["warning", "2 Warning"],
      ["info", "2 Info"],
      ["access-changes", "13 Access changes"],
    ]);

    const byApplication = page.locator("#findings-by-application section.finding-group");
    expect(await byApplication.locator("h3").allInnerTexts()).toEqual(["Mailcow mailcow 2", "Vaultwarden vaultwarden 1"]);
    expect(await rowsOf(page, "#findings-by-application tr.finding")).toEqual([
      [
        "Critical",
        "application-open:mailcow",
        `Mailcow is open to every authenticated user: its only binding (communication-users) is gone\n— deleted by matt at ${hoursBefore(26)} from 10.0.0.7`,
      ],
      [
        "Warning",
        "binding-missing:mailcow/communication-users",
        `Mailcow has no binding to communication-users, although the runbook lists that binding\n— deleted by matt at ${hoursBefore(26)} from 10.0.0.7`,
      ],
      [
        "Critical",
        "binding-negated:vaultwarden/proxmox_users",
        `Vaultwarden's binding to proxmox_users is negated, so it admits every user who is NOT in proxmox_users\n— created by akadmin at ${hoursBefore(2)} from 192.168.1.20`,
      ],
    ]);
    expect(await page.locator("#findings-by-group section.finding-group h3").allInnerTexts()).toEqual([
      "proxmox_users 1",
      "communication-users 1",
      "media-users 1",
    ]);
    expect(await rowsOf(page, "#findings-by-group tr.finding[data-kind='member-added']")).toEqual([
      [
        "Warning",
        "member-added:media-users/riley",
        `riley was added to media-users, which the runbook does not list\n— updated by matt at ${hoursBefore(5)} from 10.0.0.7`,
      ],
    ]);
    const aboutUsers = await rowsOf(page, "#findings-other tr.finding");
    expect(aboutUsers.map((row) => row.slice(0, 2))).toEqual([
      ["Info", "superuser-not-exempt:akadmin"],
      ["Info", "superuser-not-exempt:matt"],
    ]);
    expect(await page.locator("#findings-accepted").count()).toBe(0);
    expect(await page.locator("#findings tr.finding[data-severity='critical']").count()).toBe(3);
    expect(
      await page.locator("#findings tr.finding").evaluateAll((rows) => rows.every((row) => (row as HTMLElement).offsetHeight > 0)),
    ).toBe(true);

    // Grouped by application, direction and cause: one row each, the people named.
    expect(await page.locator("#access-changes p.muted").innerText()).toContain("5 people on 5 applications");
    expect(await rowsOf(page, "#access-changes tr.access-change")).toEqual([
      ["Jellyfin jellyfin", "+1", "via group:media-users", "riley"],
      ["Jellyseer jellyseer", "+1", "via group:media-users", "riley"],
      ["Mailcow mailcow", "+5", "via default", "akadmin, casey, jodie, matt, riley"],
      ["PeerTube peertube", "+1", "via group:media-users", "riley"],
      ["Vaultwarden vaultwarden", "+5", "via negated group:proxmox_users", "akadmin, casey, jodie, matt, riley"],
    ]);
    expect(await page.locator("#access-changes tr.access-change[data-direction='gained']").count()).toBe(5);
    expect(await page.getByText("via negated group:proxmox_users").first().isVisible()).toBe(true);

    // Mailcow by drift; the other four are the runbook's deliberately unbound apps.
    expect(await rowsOf(page, "#open-apps tr.open-app")).toEqual([
      ["Headplane", "headplane", "5", "0"],
      ["Headscale VPN", "headscale", "5", "0"],
      ["Mailcow", "mailcow", "5", "0"],
      ["Proxmox VE", "proxmox", "5", "0"],
      ["WATCHTOWER", "watchtower", "5", "0"],
    ]);
    // One compact row per application and per group, people named only where few.
    expect(await page.locator("#applications tr[data-slug='mailcow']").getAttribute("data-state")).toBe("open");
    expect(
      await rowsOf(
        page,
        "#applications tr[data-slug='jellyfin'], #applications tr[data-slug='mailcow'], #applications tr[data-slug='vaultwarden']",
      ),
    ).toEqual([
      ["Jellyfin jellyfin", "group:media-users", "2: jodie, riley who", "0", "0", "+1"],
      ["Mailcow mailcow", "—", "everyone (5) who", "0", "0", "1 critical, 1 warning, +5"],
      [
        "Vaultwarden vaultwarden",
        "group:security-users, negated group:proxmox_users",
        "5: akadmin, casey, jodie, matt, riley who",
        "0",
        "0",
        "1 critical, +5",
      ],
    ]);
    expect(await page.locator("#applications tr").count()).toBe(1 + 12);
    expect(await page.locator("#applications tr[data-slug='jellyfin'] a").getAttribute("href")).toBe("access.json?app=jellyfin");
    expect(await rowsOf(page, "#groups tr.group")).toContainEqual(["media-users", "2: jodie, riley", "3", "1"]);
    expect(await page.locator("#groups tr.group").count()).toBe(8);
    expect(await page.locator("#finding-kinds tr.finding-kind").count()).toBe(5);
    expect(await page.locator("#totals").innerText()).toMatch(
      /^6 users \(5 active\), 8 groups, 12 applications, 8 bindings\. Details on demand/,
    );
    // Absolute times and no reload: the page is the same whenever it is fetched.
    expect(await page.locator("meta[http-equiv]").count()).toBe(0);
    expect(await page.locator("#audited-at").innerText()).toMatch(/^audited at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(took \d+ ms\)$/);

    const origin = new URL(served.service.url).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("keeps its own styles under its Content-Security-Policy, which stops any inline script or handler", async () => {
    const { page, consoleErrors } = await openPage(browser);

    const response = await page.goto(`${served.service.url}/`);
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector("th") as Element).fontWeight);
    // What an injection that got past the escaping would try: an inline handler and an inline script.
    const ran = await page.evaluate(async () => {
      document.body.insertAdjacentHTML("beforeend", '<img src="data:," onload="window.__akInjected = 1">');
      const script = document.createElement("script");
      script.textContent = "window.__akInjected = 2";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return (window as unknown as { __akInjected?: number }).__akInjected ?? null;
    });

    expect(response?.headers()["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(styled).toBe("600");
    expect(ran).toBeNull();
    expect(consoleErrors.length).toBeGreaterThanOrEqual(2);
    expect(consoleErrors.every((error) => error.includes("Content Security Policy"))).toBe(true);
  });

  it("fits a 390 px phone screen: only the tables scroll, inside their own box", async () => {
    const { page, consoleErrors } = await openPage(browser, MOBILE);

    await page.goto(`${served.service.url}/`);
    await page.screenshot({ path: `${OUTPUT_DIR}overview-mobile.png`, fullPage: true });

    const layout = await page.evaluate(() => ({
      innerWidth: window.innerWidth,
      documentScrollWidth: document.documentElement.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      bodyClientWidth: document.body.clientWidth,
      widestScrollBox: Math.max(...Array.from(document.querySelectorAll(".scroll")).map((box) => box.getBoundingClientRect().right)),
      scrollingTables: Array.from(document.querySelectorAll(".scroll")).filter((box) => box.scrollWidth > box.clientWidth).length,
    }));
    expect(layout.innerWidth).toBe(390);
    expect(layout.documentScrollWidth).toBeLessThanOrEqual(390);
    expect(layout.bodyScrollWidth).toBeLessThanOrEqual(layout.bodyClientWidth);
    expect(layout.widestScrollBox).toBeLessThanOrEqual(390);
    // The applications table (and the wide findings tables) scroll sideways within their box.
    expect(layout.scrollingTables).toBeGreaterThan(0);
    expect(await page.locator("#verdict").isVisible()).toBe(true);
    expect(await page.locator("#summary li[data-severity='critical'] .number").innerText()).toBe("2");
    expect(consoleErrors).toEqual([]);
  });
});

describe.skipIf(!available)("service: the overview page shows hostile names as text", () => {
  let browser: Browser;
  let served: Served;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    served = await serveState(applyDemoDrift(await loadSimulatorState("examples/authentik-state.json")));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("injects no element and runs no script when a group and an app carry markup in their names", async () => {
    const { simulator, service } = served;
    const group = simulator.state.groups.find((row) => row.pk === PROXMOX_USERS);
    const app = simulator.state.applications.find((row) => row.slug === "watchtower");
    if (!group || !app) throw new Error("the example state lacks proxmox_users or watchtower");
    group.name = HOSTILE_GROUP;
    app.name = HOSTILE_APP;
    const refreshed = await fetch(`${service.url}/-/refresh`, { method: "POST" });
    const refreshBody = (await refreshed.json()) as { refreshed: boolean };
    const { page, consoleErrors, dialogs, requests } = await openPage(browser);

    await page.goto(`${service.url}/`);

    expect(refreshed.status).toBe(200);
    expect(refreshBody.refreshed).toBe(true);
    expect(service.store.latest()?.snapshot.groups.map((row) => row.name)).toContain(HOSTILE_GROUP);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __akPwned?: boolean }).__akPwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator("#groups tr.group td:first-child").allInnerTexts()).toContain(HOSTILE_GROUP);
    expect(await page.locator("#applications tr[data-slug='watchtower'] td").first().innerText()).toBe(`${HOSTILE_APP} watchtower`);
    expect(await page.locator("#applications tr[data-slug='vaultwarden'] td.bound").innerText()).toBe(
      `group:security-users, negated group:${HOSTILE_GROUP}`,
    );
    expect(await page.getByText(`negated group:${HOSTILE_GROUP}`).first().isVisible()).toBe(true);
    expect(requests.every((url) => url.startsWith(`${service.url}/`))).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
