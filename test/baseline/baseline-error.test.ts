import { describe, expect, it } from "vitest";
import { BaselineError, formatBaselineProblem, parseBaseline } from "../../src/baseline/index.js";
import { AuditorError } from "../../src/errors.js";

describe("baseline/format-baseline-problem", () => {
  it.each([
    [
      { file: "runbook.md", line: 312, message: `unknown group "media-user" in the bindings table` },
      `runbook.md:312: unknown group "media-user" in the bindings table`,
    ],
    [{ file: "docs/access groups.md", line: 1, message: "no baseline tables found" }, "docs/access groups.md:1: no baseline tables found"],
  ])("formats %j as file:line: message", (problem, expected) => {
    const text = formatBaselineProblem(problem);

    expect(text).toBe(expected);
  });
});

describe("baseline/baseline-error", () => {
  it("carries every problem, with one formatted problem per message line and code baseline", () => {
    const { problems } = parseBaseline("| Group | PK | Members |\n|---|---|---|\n| a | 1234abcd | x |\n| a | — | y |\n", "runbook.md");
    const cause = new Error("parse failed");

    const error = new BaselineError(problems, { cause });

    expect(error).toBeInstanceOf(AuditorError);
    expect(error.name).toBe("BaselineError");
    expect(error.code).toBe("baseline");
    expect(error.cause).toBe(cause);
    expect(error.problems).toEqual(problems);
    expect(error.problems).toHaveLength(3);
    expect(error.message.split("\n")).toEqual([
      'runbook.md:3: malformed UUID "1234abcd" in the "PK" cell of group "a" (expected a UUID: 32 hex digits grouped 8-4-4-4-12)',
      'runbook.md:4: empty "PK" cell for group "a" in the groups table (expected a UUID: 32 hex digits grouped 8-4-4-4-12)',
      'runbook.md:4: duplicate group "a" in the groups table (first at line 3)',
    ]);
  });
});
