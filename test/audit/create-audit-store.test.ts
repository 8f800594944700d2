import { describe, expect, it } from "vitest";
import { createAuditStore } from "../../src/audit/index.js";
import type { AuditResult } from "../../src/audit/index.js";
import type { AuthentikEvent, EventLog } from "../../src/events/index.js";
import { seedSnapshot } from "../fixtures/snapshots.js";
import { auditResultFor } from "../report/drifted-audit.js";

function change(at: string, pk: string): AuthentikEvent {
  return {
    pk,
    action: "model_updated",
    at,
    atMicros: Date.parse(at) * 1000,
    username: "matt",
    clientIp: null,
    object: { kind: "group", app: "authentik_core", modelName: "group", pk: "ab", name: "media-users" },
  };
}

function audited(finishedAt: string, events: AuthentikEvent[] | null): AuditResult {
  const log: EventLog | null = events && { readable: true, events, windowMs: 86_400_000, notice: null };
  return { ...auditResultFor(seedSnapshot(), log), finishedAt };
}

describe("audit/create-audit-store: detection", () => {
  it("records no delay for the first audit's events, then the delay of the oldest change an audit reports first", () => {
    const store = createAuditStore();
    const record = (result: AuditResult) => store.record({ ok: true, result, baselineValid: true }, new Date(result.finishedAt));

    record(audited("2026-03-01T12:00:00Z", [change("2026-03-01T11:00:00Z", "a")]));
    const afterFirst = store.takeDetectionDelays();
    record(
      audited("2026-03-01T12:05:00Z", [
        change("2026-03-01T12:04:50Z", "c"),
        change("2026-03-01T12:04:30Z", "b"),
        change("2026-03-01T11:00:00Z", "a"),
      ]),
    );
    const afterSecond = store.takeDetectionDelays();
    record(audited("2026-03-01T12:10:00Z", [change("2026-03-01T12:04:50Z", "c")]));

    expect(afterFirst).toEqual([]);
    expect(afterSecond).toEqual([30]);
    expect(store.takeDetectionDelays()).toEqual([]);
    expect(store.status().watch.lastChangeDetectedAt).toBe("2026-03-01T12:05:00Z");
  });

  it("keeps the watch's earlier detection time, and counts what each poll saw by kind", () => {
    const store = createAuditStore();
    store.record({ ok: true, result: audited("2026-03-01T12:00:00Z", []), baselineValid: true }, new Date());
    const seen = change("2026-03-01T12:04:30Z", "b");
    const login = { ...change("2026-03-01T12:04:31Z", "l"), action: "login", object: null };

    store.recordWatchPoll([login, seen], new Date("2026-03-01T12:04:40Z"));
    store.record({ ok: true, result: audited("2026-03-01T12:05:00Z", [seen]), baselineValid: true }, new Date());

    expect(store.status().watch).toMatchObject({
      polls: 1,
      lastChangeDetectedAt: "2026-03-01T12:04:40.000Z",
      events: { group: 1, other: 1, policybinding: 0 },
    });
    expect(store.takeDetectionDelays()).toEqual([30]);
  });

  it("measures nothing while the event log cannot be read", () => {
    const store = createAuditStore();
    const unreadable: EventLog = { readable: false, events: [], windowMs: 1, notice: "403" };

    store.record({ ok: true, result: { ...audited("2026-03-01T12:00:00Z", null), eventLog: unreadable }, baselineValid: true }, new Date());
    store.record(
      { ok: true, result: audited("2026-03-01T12:05:00Z", [change("2026-03-01T12:04:00Z", "x")]), baselineValid: true },
      new Date(),
    );

    expect(store.takeDetectionDelays()).toEqual([]);
  });
});
