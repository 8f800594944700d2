import { describe, expect, it } from "vitest";
import { AuthentikApiError } from "../../src/authentik/index.js";
import {
  describeWriteFailure,
  groupParentsBody,
  groupParentsField,
  plan,
  renderCommandReportText,
  renderPlanText,
  toReportedSteps,
} from "../../src/manage/index.js";
import type { Change } from "../../src/manage/index.js";
import { SEED_GROUPS, editSnapshot, findGroup, seedBaseline, seedSnapshot, user } from "../fixtures/snapshots.js";

const addRiley: Change = { kind: "add-member", group: { name: "media-users", pk: SEED_GROUPS.media }, username: "riley", userPk: 4 };

describe("manage/rendering", () => {
  it("escapes control characters and bidirectional overrides in names from authentik", () => {
    const snapshot = editSnapshot(seedSnapshot(), (draft) => {
      draft.users.push(user(4, "evil\u001b[2J\nforged line\u202e"));
      findGroup(draft, SEED_GROUPS.media).members.push(4);
    });

    const text = renderPlanText(plan(seedBaseline(), snapshot), "runbook.md");

    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain("  1. remove evil\\x1b[2J\\x0aforged line\\u202e from media-users\n");
    expect(text.split("\n")).toHaveLength(5);
  });

  it("prints no effect under a change that failed or was not attempted", () => {
    const steps = [{ change: addRiley, effects: [], superusers: { gained: [], lost: [] } }];
    const failed = toReportedSteps(steps, [{ change: addRiley, status: "failed", failure: { message: "boom", status: 500 } }]);

    const text = renderCommandReportText({
      command: "member add",
      dryRun: false,
      ok: false,
      steps: failed,
      unchanged: [],
      warnings: [],
      runbook: null,
    });

    expect(text).toBe("FAILED: add riley to media-users\n  boom\n");
  });
});

describe("manage/describeWriteFailure", () => {
  const error = (status: number | null, detail?: string, failure: "status" | "network" = "status") =>
    new AuthentikApiError(
      { method: "POST", route: "/core/groups/{pk}/add_user/", status, failure, detail },
      "POST /core/groups/{pk}/add_user/: cannot reach it",
    );

  it.each([
    {
      case: "a bad token",
      error: error(403, "Token invalid/expired"),
      message: 'POST /core/groups/{pk}/add_user/ answered 403: the token is invalid or expired ("Token invalid/expired")',
    },
    {
      case: "a missing permission",
      error: error(403, "You do not have permission to perform this action."),
      message:
        'POST /core/groups/{pk}/add_user/ answered 403 Forbidden ("You do not have permission to perform this action."): the token\'s user lacks the permission authentik_core.add_user_to_group (globally, or on the group media-users)',
    },
    {
      case: "no answer to a write",
      error: error(null, undefined, "network"),
      message:
        "POST /core/groups/{pk}/add_user/: cannot reach it; authentik may or may not have made this change (`ak-access plan` shows where it stands)",
    },
    {
      case: "a 404",
      error: error(404, "Not found."),
      message: 'POST /core/groups/{pk}/add_user/ answered 404 ("Not found."): the object is gone, or the token\'s user cannot see it',
    },
  ])("explains $case", ({ error: thrown, message }) => {
    expect(describeWriteFailure(thrown, addRiley).message).toBe(message);
  });
});

describe("manage/groupParentsField", () => {
  it.each([
    ["2025.10.4", "parent"],
    ["2025.8.0", "parent"],
    ["2025.12.0", "parents"],
    ["2026.5.6", "parents"],
    ["2026.11.0-rc1", "parents"],
    [null, "parents"],
    ["unknown", "parents"],
  ] as const)("authentik %s writes `%s`", (version, field) => {
    expect(groupParentsField(version)).toBe(field);
  });

  it("refuses two parents before 2025.12", () => {
    expect(groupParentsBody("2025.10.4", ["a", "b"])).toEqual({
      ok: false,
      message: "authentik 2025.10.4 allows one parent per group (several parents need 2025.12 or later), got 2",
    });
    expect(groupParentsBody("2025.10.4", [])).toEqual({ ok: true, body: { parent: null } });
  });
});
