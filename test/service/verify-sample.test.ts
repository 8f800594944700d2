import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import type { Env } from "../../src/config/index.js";
import { startService } from "../../src/main.js";
import type { RunningService } from "../../src/main.js";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { captureLogger } from "../fixtures/capture-logger.js";
import { ADMIN_TOKEN, smallState } from "../fixtures/small-state.js";

/** Sees everything an audit needs, but is not a superuser. */
const VIEWER_TOKEN = "viewer-token";
let simulator: Simulator | undefined;
let service: RunningService | undefined;

afterEach(async () => {
  await service?.stop();
  await simulator?.close();
});

/** Four users and two applications: a sample of 10 covers all eight pairs. */
async function start(token: string, env: Env = {}, prepare: (sim: Simulator) => void = () => undefined) {
  const state = smallState(3);
  state.tokens.push({
    key: VIEWER_TOKEN,
    user: "user0001",
    permissions: ["view_user", "view_group", "view_application", "view_policybinding"],
  });
  simulator = await startSimulator({ state });
  prepare(simulator);
  const { logger, lines } = captureLogger();
  service = await startService(
    loadConfig({
      AUTHENTIK_URL: simulator.url,
      AUTHENTIK_TOKEN: token,
      AK_ACCESS_LISTEN: "127.0.0.1:0",
      AK_ACCESS_SCHEDULE: "0 0 1 1 *",
      AK_ACCESS_WATCH_INTERVAL: "0",
      AK_ACCESS_BASELINE: "examples/access-groups.md",
      AK_ACCESS_VERIFY_SAMPLE: "10",
      ...env,
    }),
    { logger },
  );
  await service.firstAudit;
  return { sim: simulator, svc: service, lines };
}

async function metrics(): Promise<Map<string, number>> {
  const response = await request(`${service?.url}/metrics`);
  const values = new Map<string, number>();
  for (const line of (await response.body.text()).split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const at = line.lastIndexOf(" ");
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

describe("service: AK_ACCESS_VERIFY_SAMPLE", () => {
  it("checks a sample against check_access after each audit and exports the agreements and disagreements, without usernames in logs", async () => {
    const { sim, lines } = await start(ADMIN_TOKEN, {}, (sim) =>
      sim.overrideAccess({ username: "user0002", slug: "jellyfin", passing: false }),
    );

    const values = await metrics();
    const checks = sim.requests.filter((r) => r.path.endsWith("/check_access/"));

    expect(checks).toHaveLength(8);
    expect(values.get('ak_access_model_checks_total{result="agree"}')).toBe(7);
    expect(values.get('ak_access_model_checks_total{result="disagree"}')).toBe(1);
    expect(values.get('ak_access_model_checks_total{result="resolved"}')).toBe(0);
    expect(values.get("ak_access_model_disagreements")).toBe(1);
    const warning = lines.find((line) => line.includes("disagrees with authentik"));
    expect(warning).toContain('"slugs":["jellyfin"]');
    expect(warning).not.toContain("user0002");
    expect(service?.store.status().verification).toMatchObject({ lastDisagreements: 1, lastError: null });
  });

  it("says why it cannot verify with a token that is not a superuser's, once, and leaves the metrics at 0", async () => {
    const { sim, svc, lines } = await start(VIEWER_TOKEN);

    const values = await metrics();

    expect(svc.store.status().up).toBe(true);
    expect(sim.requests.filter((r) => r.path.endsWith("/check_access/"))).toEqual([]);
    expect(values.get("ak_access_model_disagreements")).toBe(0);
    expect(values.get('ak_access_model_checks_total{result="agree"}')).toBe(0);
    expect(svc.store.status().verification.lastError).toContain("verify needs a superuser's token");
    expect(lines.filter((line) => line.includes("cannot verify the access model"))).toHaveLength(1);
  });

  it("does nothing of the kind with the default AK_ACCESS_VERIFY_SAMPLE of 0", async () => {
    const { sim } = await start(ADMIN_TOKEN, { AK_ACCESS_VERIFY_SAMPLE: "0" });

    expect(sim.requests.filter((r) => r.path.endsWith("/check_access/") || r.path.endsWith("/users/me/"))).toHaveLength(1);
  });
});
