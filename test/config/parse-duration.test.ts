import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/config/index.js";

describe("config/parse-duration", () => {
  it.each([
    ["0", 0],
    ["250ms", 250],
    ["15s", 15_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["30d", 2_592_000_000],
    ["2w", 1_209_600_000],
    ["1h30m", 5_400_000],
    [" 45s ", 45_000],
  ])("reads %j as %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "15", "15 s", "1.5h", "-5s", "5x", "s", "1h 30m", "30days", "0s0"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
