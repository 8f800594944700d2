import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/index.js";
import type { AuditOutcome } from "../../src/audit/index.js";
import type { GoodBaseline } from "../../src/audit/run-audit.js";
import { createAuthentikClient } from "../../src/authentik/index.js";
import type { AuthentikClient } from "../../src/authentik/index.js";
import { Secret } from "../../src/secret.js";
import { takeSnapshot } from "../../src/snapshot/index.js";
import { EXAMPLE_RUNBOOK, startExampleTenant } from "../fixtures/example-tenant.js";
import type { ExampleTenant } from "../fixtures/example-tenant.js";

let tenant: ExampleTenant;
let client: AuthentikClient;
let runbook: string;

beforeAll(async () => {
  tenant = await startExampleTenant();
  client = createAuthentikClient({
    baseUrl: tenant.simulator.url,
    token: new Secret(tenant.documented.tokens[0]?.key ?? ""),
    readOnly: true,
  });
  runbook = await readFile(EXAMPLE_RUNBOOK, "utf8");
});

afterAll(async () => {
  await client.close();
  await tenant.simulator.close();
});

function audit(text: string, lastGoodBaseline: GoodBaseline | null): Promise<AuditOutcome> {
  return runAudit({
    takeSnapshot: () => takeSnapshot(client),
    readEvents: null,
    readBaseline: async () => ({ text, file: "access-groups.md" }),
    lastGoodBaseline,
    now: () => new Date(),
  });
}

function goodOf(outcome: AuditOutcome): GoodBaseline {
  if (!outcome.ok) throw outcome.error;
  return { baseline: outcome.result.baseline, text: outcome.result.baselineText };
}

describe("audit/run-audit: the runbook is parsed only when its text changes", () => {
  it("reuses the last good baseline for the same text, parses an edited one, and falls back from a broken one", async () => {
    const first = await audit(runbook, null);
    expect(first.ok && first.result.diff.inSync).toBe(true);
    const good = goodOf(first);

    // The same text: the very same baseline object, so nothing was parsed again.
    const same = await audit(runbook, good);
    expect(same.ok && same.baselineValid).toBe(true);
    expect(same.ok && same.result.baseline).toBe(good.baseline);

    // An edit takes effect: a new baseline, and the drift it describes.
    const edited = runbook.replace(
      "`0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie |",
      "`0820b2b8-6c54-4c20-9a0a-872820e6d9ea` | jodie, matt |",
    );
    expect(edited).not.toBe(runbook);
    const changed = await audit(edited, good);
    if (!changed.ok) throw changed.error;
    expect(changed.result.baseline).not.toBe(good.baseline);
    expect(changed.result.baseline.groups.find((group) => group.name === "media-users")?.members).toContain("matt");
    expect(changed.result.diff.inSync).toBe(false);

    // A broken edit: the last good baseline is used, and the audit says the runbook is invalid.
    const broken = await audit(runbook.replace(/^\| *Group *\|.*$/m, "| Group | Group | PK |"), good);
    expect(broken.ok && broken.baselineValid).toBe(false);
    expect(broken.ok && broken.result.baseline).toBe(good.baseline);
    expect(broken.baselineError?.message).toMatch(/access-groups\.md:\d+/);
  });
});
