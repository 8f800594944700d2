import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { decodeCellText, encodeCellListItem, encodeCellText, splitCellList } from "../../src/baseline/cell-text.js";

// markdown-it leaves references to these as text (CommonMark viewers differ: HTML maps some of them).
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/;

const markdownIt = new MarkdownIt("commonmark").enable(["table", "strikethrough"]);

/** What a reader sees in the one body cell of a rendered table: the cell's HTML with tags stripped and references decoded. */
function renderedCellText(cellMarkdown: string): string {
  const html = markdownIt.render(`| h |\n|---|\n| ${cellMarkdown} |\n`);
  const cell = /<td>([\s\S]*?)<\/td>/.exec(html)?.[1] ?? "";
  return cell
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

// Names authentik may hold: any text but NUL (PostgreSQL text cannot store it).
const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(..."|\\`*_[]<>&~#!(),:-—– \t\n\r\u001b\u0007\u009b\u202e\u2066\u200f;\u00a0\u3000\ufeff"),
    fc.constantFrom("&amp;", "&#10;", "\\|", "`a`", "**b**", "_c_", "[l](u)", "<http://x>", "x_y", " - "),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((char) => char !== "\u0000"),
  ),
  minLength: 1,
  maxLength: 24,
});

describe("baseline/cell-text", () => {
  it.each([
    ["plain", "media-users", "media-users"],
    ["a code span", "`9944e153-f860-4443-81d1-ae544f611806`", "9944e153-f860-4443-81d1-ae544f611806"],
    ["emphasis around a placeholder", "*(existing)*", "(existing)"],
    ["strong text with an escaped pipe", "**Jelly | Fin**", "Jelly | Fin"],
    ["a link", "[Jellyseer](https://example.org)", "Jellyseer"],
    ["an autolink", "<https://example.org/x>", "https://example.org/x"],
    ["backslash escapes", "a\\*b\\_c\\\\d", "a*b_c\\d"],
    ["a backslash before a letter stays", "a\\b", "a\\b"],
    ["entities", "a &amp; b &#10; &#x1F510;", "a & b \n 🔐"],
    ["an unknown entity stays", "&notanentity;", "&notanentity;"],
    ["an intraword underscore", "proxmox_admins", "proxmox_admins"],
    ["an unmatched star", "a * b", "a * b"],
    ["strikethrough", "~~old~~", "old"],
    ["a code span keeps its backslashes", "`a\\*b`", "a\\*b"],
    ["whitespace as references", "&#32;x&#32;", " x "],
  ])("reads %s", (_name, raw, text) => {
    expect(decodeCellText(raw)).toBe(text);
  });

  it.each([
    ["jodie, matt", ["jodie", "matt"]],
    ["  a ,b,, c  ", ["a", "b", "c"]],
    ["a\\,b, `c,d`", ["a,b", "c,d"]],
    ["—", ["—"]],
  ])("splits the list cell %j", (raw, items) => {
    expect(splitCellList(raw)).toEqual(items);
  });

  it.each([
    ["-", "\\-"],
    ["—", "&#8212;"],
    ["a|b", "a\\|b"],
    [" x", "&#32;x"],
    ["line\nbreak", "line&#10;break"],
    ["\u001b[2Jwiped", "&#27;\\[2Jwiped"],
    ["evil\u202etxt.exe", "evil&#8238;txt.exe"],
    ["proxmox_admins", "proxmox_admins"],
    ["_lead", "\\_lead"],
  ])("writes %j as %j", (text, encoded) => {
    expect(encodeCellText(text)).toBe(encoded);
  });

  it("reads back any name it writes, exactly", () => {
    fc.assert(
      fc.property(hostileText, (name) => {
        expect(decodeCellText(encodeCellText(name))).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes names that a CommonMark viewer shows as they are (markdown-it renders the cell)", () => {
    fc.assert(
      fc.property(
        hostileText.filter((name) => !CONTROL.test(name)),
        (name) => {
          expect(renderedCellText(encodeCellText(name))).toBe(name);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("writes control characters so that a viewer never gets the character itself", () => {
    expect(renderedCellText(encodeCellText("a\u001b[31mred"))).toBe("a\uFFFD[31mred");
    expect(renderedCellText(encodeCellText("x\u0085y"))).toBe("x\uFFFDy");
  });

  it("reads back any list it writes, item by item", () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 5 }), (items) => {
        expect(splitCellList(items.map(encodeCellListItem).join(", "))).toEqual(items);
      }),
      { numRuns: 1000 },
    );
  });
});
