/** A seed authentik that has drifted in several ways at once, as one audit result: shared by the report tests. */
import { resolveAccess } from "../../src/access/index.js";
import type { AuditResult, AuditStatus } from "../../src/audit/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { editSnapshot, group, SEED_GROUPS, seedBaseline, seedSnapshot, TAKEN_AT, user, userBinding } from "../fixtures/snapshots.js";

export const NOW = new Date("2026-03-01T12:12:00.000Z");

/** Immich lost its only binding, Forgejo's is disabled, eve joined media-users, jodie got a user binding on Proxmox. */
export function driftedSnapshot(): Snapshot {
  return editSnapshot(seedSnapshot(), (draft) => {
    draft.bindings = draft.bindings.filter((binding) => binding.target !== "app-immich");
    for (const binding of draft.bindings) if (binding.target === "app-forgejo") binding.enabled = false;
    draft.users.push(user(4, "eve"));
    draft.groups.find((row) => row.pk === SEED_GROUPS.media)?.members.push(4);
    draft.groups.push(group("5f0e4a0e-1111-4a4a-8a8a-000000000001", "media-fans"));
    draft.bindings.push(userBinding("proxmox", 3));
  });
}

export function auditResultFor(snapshot: Snapshot): AuditResult {
  const baseline = seedBaseline();
  return {
    snapshot,
    baseline,
    baselineText: "",
    diff: diffBaseline(baseline, snapshot),
    access: resolveAccess(snapshot),
    startedAt: TAKEN_AT,
    finishedAt: "2026-03-01T12:00:02.000Z",
    durationMs: 2000,
  };
}

export function failingStatus(): AuditStatus {
  return {
    up: false,
    running: false,
    lastAttemptAt: "2026-03-01T12:10:00.000Z",
    lastSuccessAt: "2026-03-01T12:00:02.000Z",
    lastError: "GET /api/v3/core/groups/ answered 502",
    baselineValid: true,
    baselineError: null,
    audits: { success: 12, failure: 1 },
  };
}

export function okStatus(): AuditStatus {
  return { ...failingStatus(), up: true, lastAttemptAt: "2026-03-01T12:00:00.000Z", lastError: null, audits: { success: 13, failure: 0 } };
}
