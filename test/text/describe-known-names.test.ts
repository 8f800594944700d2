import { describe, expect, it } from "vitest";
import { describeKnownNames } from "../../src/text/index.js";

describe("describeKnownNames", () => {
  it("lists a short list in full, sorted and without duplicates", () => {
    expect(describeKnownNames("media-user", ["media-users", "cloud-users", "media-users"])).toBe("known: cloud-users, media-users");
    expect(describeKnownNames("x", [])).toBe("known: none");
  });

  it("offers the closest names of a long list, so a 2,000-group tenant gets one readable line", () => {
    const groups = Array.from({ length: 2000 }, (_, index) => `group-${String(index + 1).padStart(4, "0")}`);
    const message = describeKnownNames(
      "group-1992",
      groups.filter((name) => name !== "group-1992"),
    );
    expect(message).toBe("closest of 1,999 known: group-1990, group-1991, group-1993, group-1994, group-1995");
    expect(describeKnownNames("Media-Users", [...groups, "media-users"])).toMatch(/^closest of 2,001 known: media-users, /);
  });
});
