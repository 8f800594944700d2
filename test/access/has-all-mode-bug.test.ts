import { describe, expect, it } from "vitest";
import { hasAllModeBug } from "../../src/access/index.js";

describe("access/has-all-mode-bug", () => {
  it.each([
    [null, false],
    [undefined, false],
    ["", false],
    ["unknown", false],
    ["2025.6.4", false],
    ["2025.8.0-rc1", true],
    ["2025.8.0", true],
    ["2025.8.4", true],
    ["2025.10", true],
    ["2025.10.3", true],
    ["2025.12.0-rc1", true],
    ["2025.12.4", true],
    ["2025.12.5", false],
    ["2026.2.0", false],
    ["2026.5.6", false],
    ["version/2025.10.2", true],
  ])("says %j has the all-mode bug: %s", (version, expected) => {
    const result = hasAllModeBug(version);

    expect(result).toBe(expected);
  });
});
