import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/authentik/retry-delay.js";

describe("authentik/retry-delay", () => {
  it.each([
    ["2", 2_000],
    ["0", 0],
    ["120", 30_000],
  ])("honours Retry-After: %s seconds", (header, expected) => {
    expect(retryDelayMs(0, 250, header)).toBe(expected);
  });

  it("honours Retry-After as an HTTP date", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");

    expect(retryDelayMs(0, 250, "Sat, 28 Nov 2026 12:00:05 GMT", now)).toBe(5_000);
  });

  it.each([
    [0, 0, 125],
    [0, 0.999, 250],
    [3, 0, 1_000],
    [3, 1, 2_000],
    [20, 1, 30_000],
  ])("backs off exponentially with jitter: attempt %i, random %f", (attempt, random, expected) => {
    expect(retryDelayMs(attempt, 250, undefined, 0, () => random)).toBe(expected);
  });
});
