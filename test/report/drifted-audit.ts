/** A seed authentik that has drifted in several ways at once, as one audit result: shared by the report tests. */
import { createAccessEvaluator } from "../../src/access/index.js";
import type { AuditResult, AuditStatus } from "../../src/audit/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import { attributeFindings } from "../../src/events/index.js";
import type { AuthentikEvent, EventLog } from "../../src/events/index.js";
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

/** What authentik's event log says about that drift: who deleted Immich's binding, disabled Forgejo's, and changed media-users. */
export function driftEventLog(): EventLog {
  const event = (pk: string, action: string, at: string, username: string, clientIp: string, object: AuthentikEvent["object"]) => ({
    pk,
    action,
    at,
    atMicros: Date.parse(at) * 1000,
    username,
    clientIp,
    object,
  });
  const events: AuthentikEvent[] = [
    event("e0000000-0000-4000-8000-000000000003", "model_deleted", "2026-03-01T09:15:00Z", "matt", "10.0.0.7", {
      kind: "policybinding",
      app: "authentik_policies",
      modelName: "policybinding",
      pk: "4fdf2887e94f4c2481d2d8cd4587ef38",
      name: "Binding from Immich #0 to Group cloud-users",
    }),
    event("e0000000-0000-4000-8000-000000000002", "model_updated", "2026-02-28T16:40:00Z", "akadmin", "192.168.1.20", {
      kind: "policybinding",
      app: "authentik_policies",
      modelName: "policybinding",
      pk: "49953de3af0b4b1b954d70684d127445",
      name: "Binding from Forgejo #0 to Group productivity-users",
    }),
    event("e0000000-0000-4000-8000-000000000001", "model_updated", "2026-02-27T08:05:00Z", "matt", "10.0.0.7", {
      kind: "group",
      app: "authentik_core",
      modelName: "group",
      pk: SEED_GROUPS.media.replace(/-/g, ""),
      name: "media-users",
    }),
  ];
  return { readable: true, events, windowMs: 30 * 86_400_000, notice: null };
}

export function auditResultFor(snapshot: Snapshot, eventLog: EventLog | null = driftEventLog()): AuditResult {
  const baseline = seedBaseline();
  const live = createAccessEvaluator(snapshot, { authentikVersion: snapshot.source.authentikVersion });
  const diff = diffBaseline(baseline, snapshot, { live });
  return {
    snapshot,
    baseline,
    baselineText: "",
    diff: { ...diff, findings: attributeFindings(diff.findings, eventLog?.events ?? [], { baseline, snapshot }) },
    live,
    eventLog,
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
    watch: {
      polls: 0,
      events: { application: 0, group: 0, user: 0, policybinding: 0, policy: 0, tenant: 0, other: 0 },
      lastChangeDetectedAt: null,
      lastPollError: null,
    },
    verification: { checks: { agree: 0, disagree: 0, resolved: 0 }, lastDisagreements: null, lastVerifiedAt: null, lastError: null },
  };
}

export function okStatus(): AuditStatus {
  return { ...failingStatus(), up: true, lastAttemptAt: "2026-03-01T12:00:00.000Z", lastError: null, audits: { success: 13, failure: 0 } };
}
