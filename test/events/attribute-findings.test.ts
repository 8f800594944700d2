import { describe, expect, it } from "vitest";
import { diffBaseline } from "../../src/diff/index.js";
import type { Finding } from "../../src/diff/index.js";
import { attributeFindings } from "../../src/events/index.js";
import type { AuthentikEvent, EventObject } from "../../src/events/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { editBaseline, editSnapshot, findGroup, group, SEED_GROUPS, seedBaseline, seedSnapshot, user } from "../fixtures/snapshots.js";

const JELLYFIN_BINDING = "31515ffc-f937-442f-9813-263e68247687";
const JELLYSEER_BINDING = "e3a1c2d4-5b6f-4a7e-8c9d-0e1f2a3b4c5d";
const MAILCOW_BINDING = "5a8f92de-81d5-4cf6-9273-7093de0f568d";
let sequence = 0;

function hex(uuid: string): string {
  return uuid.replace(/-/g, "");
}

function event(action: string, at: string, object: Omit<EventObject, "app" | "modelName">, username = "matt"): AuthentikEvent {
  sequence += 1;
  const app = object.kind === "policybinding" ? "authentik_policies" : "authentik_core";
  return {
    pk: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
    action,
    at,
    atMicros: Date.parse(at) * 1000,
    username,
    clientIp: "10.0.0.7",
    object: { ...object, app, modelName: object.kind },
  };
}

function bindingEvent(action: string, at: string, pk: string, name: string, username?: string): AuthentikEvent {
  return event(action, at, { kind: "policybinding", pk: hex(pk), name }, username);
}

function groupEvent(action: string, at: string, pk: string, name: string, username?: string): AuthentikEvent {
  return event(action, at, { kind: "group", pk: hex(pk), name }, username);
}

/** The findings of `snapshot` against the seed runbook, attributed, as `kind subject → [who action at]`. */
function attributed(snapshot: Snapshot, events: AuthentikEvent[], baseline = seedBaseline()): Map<string, string[]> {
  const findings = attributeFindings(diffBaseline(baseline, snapshot).findings, events, { baseline, snapshot });
  return new Map(findings.map((finding) => [label(finding), (finding.events ?? []).map((e) => `${e.username} ${e.action} ${e.at}`)]));
}

function label(finding: Finding): string {
  const { subject } = finding;
  const name =
    subject.type === "binding"
      ? `${subject.slug}<-${subject.group}`
      : subject.type === "group"
        ? subject.name
        : subject.type === "user"
          ? `${subject.username}@${subject.group ?? ""}`
          : subject.type === "acceptance"
            ? subject.finding
            : subject.slug;
  return `${finding.kind} ${name}`;
}

const withoutBinding = (pk: string) =>
  editSnapshot(seedSnapshot(), (draft) => {
    draft.bindings = draft.bindings.filter((binding) => binding.pk !== pk);
  });

describe("events/attribute-findings", () => {
  it("gives a missing binding the deletion of the pk the runbook pins, and its app the same as the last binding lost", () => {
    const deleted = bindingEvent(
      "model_deleted",
      "2026-02-28T10:00:00Z",
      MAILCOW_BINDING,
      "Binding from Mailcow #0 to Group communication-users",
    );
    const unrelated = bindingEvent(
      "model_deleted",
      "2026-02-28T11:00:00Z",
      JELLYFIN_BINDING,
      "Binding from Jellyfin #0 to Group media-users",
    );

    const result = attributed(withoutBinding(MAILCOW_BINDING), [unrelated, deleted]);

    expect(result.get("binding-missing mailcow<-communication-users")).toEqual(["matt model_deleted 2026-02-28T10:00:00.000Z"]);
    expect(result.get("application-open mailcow")).toEqual(["matt model_deleted 2026-02-28T10:00:00.000Z"]);
    expect(result.get("superuser-not-exempt akadmin@")).toEqual([]);
  });

  it("finds an unpinned binding's deletion by the name authentik logs for it", () => {
    const deleted = bindingEvent(
      "model_deleted",
      "2026-02-28T10:00:00Z",
      "99999999-9999-4999-8999-999999999999",
      "Binding from Jellyseer #5 to Group media-users",
    );
    const otherApp = bindingEvent(
      "model_deleted",
      "2026-02-28T12:00:00Z",
      "88888888-8888-4888-8888-888888888888",
      "Binding from Jellyfin #0 to Group media-users",
    );

    const result = attributed(withoutBinding(JELLYSEER_BINDING), [otherApp, deleted]);

    expect(result.get("binding-missing jellyseer<-media-users")).toEqual(["matt model_deleted 2026-02-28T10:00:00.000Z"]);
  });

  it("gives the bindings lost with a deleted group the cascaded deletions authentik logged, named after the group", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.groups = draft.groups.filter((candidate) => candidate.pk !== SEED_GROUPS.cloud);
      draft.bindings = draft.bindings.filter((binding) => binding.group !== SEED_GROUPS.cloud);
    });
    const events = [
      groupEvent("model_deleted", "2026-02-28T10:00:00.000002Z", SEED_GROUPS.cloud, "cloud-users", "akadmin"),
      bindingEvent(
        "model_deleted",
        "2026-02-28T10:00:00.000001Z",
        "6ac8ccfc-7ca3-4288-a281-b78a1c675e57",
        "Binding from Nextcloud #0 to Group cloud-users",
        "akadmin",
      ),
      bindingEvent(
        "model_deleted",
        "2026-02-28T10:00:00Z",
        "4fdf2887-e94f-4c24-81d2-d8cd4587ef38",
        "Binding from Immich #0 to Group cloud-users",
        "akadmin",
      ),
    ];

    const result = attributed(snapshot, events);

    expect(result.get("group-missing cloud-users")).toEqual(["akadmin model_deleted 2026-02-28T10:00:00.000Z"]);
    expect(result.get("binding-missing nextcloud<-cloud-users")).toEqual(["akadmin model_deleted 2026-02-28T10:00:00.000Z"]);
    expect(result.get("binding-missing immich<-cloud-users")).toHaveLength(1);
  });

  it("gives a member change every update of its group, newest first and at most five, and nothing to other groups", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.users.push(user(4, "eve"));
      findGroup(draft, SEED_GROUPS.media).members.push(4);
    });
    const updates = [1, 2, 3, 4, 5, 6].map((day) =>
      groupEvent("model_updated", `2026-02-0${day}T08:00:00Z`, SEED_GROUPS.media, "media-users"),
    );
    const elsewhere = groupEvent("model_updated", "2026-02-20T08:00:00Z", SEED_GROUPS.cloud, "cloud-users");

    const result = attributed(snapshot, [elsewhere, ...updates.reverse()]);

    expect(result.get("member-added eve@media-users")).toEqual(
      [6, 5, 4, 3, 2].map((day) => `matt model_updated 2026-02-0${day}T08:00:00.000Z`),
    );
  });

  it("gives a recreated group the deletion of the old pk and the creation of the new one", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      findGroup(draft, SEED_GROUPS.communication).pk = "5e5e5e5e-0000-4000-8000-000000000000";
      draft.bindings = draft.bindings.filter((binding) => binding.group !== SEED_GROUPS.communication);
    });
    const events = [
      groupEvent("model_created", "2026-02-28T10:05:00Z", "5e5e5e5e-0000-4000-8000-000000000000", "communication-users"),
      groupEvent("model_deleted", "2026-02-28T10:00:00Z", SEED_GROUPS.communication, "communication-users"),
    ];

    const result = attributed(snapshot, events);

    expect(result.get("group-pk-changed communication-users")).toEqual([
      "matt model_created 2026-02-28T10:05:00.000Z",
      "matt model_deleted 2026-02-28T10:00:00.000Z",
    ]);
  });

  it.each([
    [
      "group-renamed media-users",
      (draft: Snapshot) => {
        findGroup(draft, SEED_GROUPS.media).name = "media-people";
      },
      "model_updated",
    ],
    [
      "group-superuser-changed proxmox_admins",
      (draft: Snapshot) => {
        findGroup(draft, SEED_GROUPS.proxmoxAdmins).isSuperuser = true;
      },
      "model_updated",
    ],
    [
      "group-undocumented media-fans",
      (draft: Snapshot) => {
        draft.groups.push(group("5f0e4a0e-1111-4a4a-8a8a-000000000001", "media-fans"));
      },
      "model_created",
    ],
  ])("gives %s the group's own %s event", (finding, edit, action) => {
    const pk = finding.includes("media-fans")
      ? "5f0e4a0e-1111-4a4a-8a8a-000000000001"
      : finding.includes("proxmox")
        ? SEED_GROUPS.proxmoxAdmins
        : SEED_GROUPS.media;
    const own = groupEvent(action, "2026-02-28T10:00:00Z", pk, "whatever it was called then");

    const result = attributed(editSnapshot(seedSnapshot(), edit), [own]);

    expect(result.get(finding)).toEqual([`matt ${action} 2026-02-28T10:00:00.000Z`]);
  });

  it("gives a negated binding its creation, and a disabled one its update", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      const jellyfin = draft.bindings.find((binding) => binding.pk === JELLYFIN_BINDING);
      if (jellyfin) jellyfin.negate = true;
      const mailcow = draft.bindings.find((binding) => binding.pk === MAILCOW_BINDING);
      if (mailcow) mailcow.enabled = false;
    });
    const events = [
      bindingEvent("model_updated", "2026-02-28T10:00:00Z", JELLYFIN_BINDING, "Binding from Jellyfin #0 to Group media-users", "jodie"),
      bindingEvent(
        "model_updated",
        "2026-02-28T11:00:00Z",
        MAILCOW_BINDING,
        "Binding from Mailcow #0 to Group communication-users",
        "akadmin",
      ),
    ];

    const result = attributed(snapshot, events);

    expect(result.get("binding-negated jellyfin<-media-users")).toEqual(["jodie model_updated 2026-02-28T10:00:00.000Z"]);
    expect(result.get("binding-disabled mailcow<-communication-users")).toEqual(["akadmin model_updated 2026-02-28T11:00:00.000Z"]);
    expect(result.get("application-open mailcow")).toEqual(["akadmin model_updated 2026-02-28T11:00:00.000Z"]);
  });

  it("keeps a missing binding unattributed when the log has nothing about it, rather than guessing", () => {
    const baseline = editBaseline(seedBaseline(), () => undefined);

    const result = attributed(
      withoutBinding(MAILCOW_BINDING),
      [groupEvent("model_updated", "2026-02-28T10:00:00Z", SEED_GROUPS.media, "media-users")],
      baseline,
    );

    expect(result.get("binding-missing mailcow<-communication-users")).toEqual([]);
    expect(result.get("application-open mailcow")).toEqual([]);
  });
});
