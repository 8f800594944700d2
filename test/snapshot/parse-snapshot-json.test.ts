import { describe, expect, it } from "vitest";
import { AuditorError } from "../../src/errors.js";
import { parseSnapshotJson, renderSnapshotJson } from "../../src/snapshot/index.js";
import type { Snapshot } from "../../src/snapshot/index.js";
import { application, group, groupBinding, makeSnapshot, user } from "../fixtures/snapshots.js";

const FILE = "saved/snapshot.json";

function saved(): Snapshot {
  return makeSnapshot({
    users: [user(1, "akadmin"), user(2, "jodie")],
    groups: [group("0820b2b8-6c54-4c20-9a0a-872820e6d9ea", "media-users", [2])],
    applications: [application("jellyfin")],
    bindings: [groupBinding("jellyfin", "0820b2b8-6c54-4c20-9a0a-872820e6d9ea")],
  });
}

/** The message a saved snapshot edited by `edit` is refused with, or "accepted". */
function refusal(
  edit: (json: Record<string, unknown> & { users: Record<string, unknown>[]; groups: Record<string, unknown>[] }) => void,
): string {
  const json = JSON.parse(renderSnapshotJson(saved()));
  edit(json);
  try {
    parseSnapshotJson(JSON.stringify(json), FILE);
    return "accepted";
  } catch (error) {
    expect(error).toBeInstanceOf(AuditorError);
    return (error as Error).message;
  }
}

describe("snapshot/parse-snapshot-json", () => {
  it("reads back what renderSnapshotJson wrote, field for field", () => {
    const snapshot = saved();
    expect(parseSnapshotJson(renderSnapshotJson(snapshot), FILE)).toEqual(snapshot);
  });

  it.each([
    [
      "a member that is a string",
      (json: { groups: Record<string, unknown>[] }) => ((json.groups[0] as { members: unknown[] }).members[0] = "2"),
      'groups.0.members.0: expected an integer, got "2"',
    ],
    ["a user without a name", (json: { users: Record<string, unknown>[] }) => delete json.users[1]?.name, "users.1.name: missing"],
    ["another schema version", (json: Record<string, unknown>) => (json.schemaVersion = 2), "schemaVersion: expected one of 1, got 2"],
    [
      "a time without a zone",
      (json: Record<string, unknown>) => (json.takenAt = "2026-03-01T12:00:00"),
      'takenAt: expected an ISO 8601 date-time with a time zone, got "2026-03-01T12:00:00"',
    ],
    [
      "users that are not a list",
      (json: Record<string, unknown>) => (json.users = { jodie: 2 }),
      'users: expected an array, got {"jodie":2}',
    ],
    [
      "an unknown engine mode",
      (json: Record<string, unknown>) =>
        (((json.applications as Record<string, unknown>[])[0] as Record<string, unknown>).policyEngineMode = "most"),
      'applications.0.policyEngineMode: expected one of "any", "all", got "most"',
    ],
    [
      "an escape code in a wrong value",
      (json: { users: Record<string, unknown>[] }) => ((json.users[0] as Record<string, unknown>).pk = "\u001b[2J"),
      'users.0.pk: expected an integer, got "\\u001b[2J"',
    ],
  ])("names the file, the field and the value for %s", (_case, edit, problem) => {
    expect(refusal(edit as never)).toBe(`${FILE}: not a valid ak-access snapshot (schemaVersion 1): ${problem}`);
  });

  it("refuses a document that is not a snapshot at all, or not JSON", () => {
    expect(() => parseSnapshotJson("[]", FILE)).toThrow(
      `${FILE}: not a valid ak-access snapshot (schemaVersion 1): (document): expected an object, got []`,
    );
    expect(() => parseSnapshotJson("{ not json", FILE)).toThrow(new RegExp(`^${FILE}: not a snapshot: invalid JSON \\(`));
  });

  it("takes `expires` as optional (servers before 2026.8 do not send it), but checks it when present", () => {
    const bindingOf = (json: Record<string, unknown>) => (json.bindings as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(refusal((json) => delete bindingOf(json).expires)).toBe("accepted");
    expect(refusal((json) => (bindingOf(json).expires = null))).toBe("accepted");
    expect(refusal((json) => (bindingOf(json).expires = "2026-12-31T00:00:00Z"))).toBe("accepted");
    expect(refusal((json) => (bindingOf(json).expires = 5))).toBe(
      `${FILE}: not a valid ak-access snapshot (schemaVersion 1): bindings.0.expires: expected a string or null, got 5`,
    );
  });
});
