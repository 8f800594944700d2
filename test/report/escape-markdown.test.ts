import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";
import { escapeMarkdown, formatTableCodeSpan } from "../../src/report/escape-markdown.js";
import { escapeMermaidLabel } from "../../src/report/escape-mermaid-label.js";

const PK = "9944e153-f860-4443-81d1-ae544f611806";

/** The group name `parseBaseline` reads from a one-row groups table whose Group cell is `cell`. */
function readBackGroupName(cell: string): string | undefined {
  const markdown = `| Group | PK | Members |\n|-------|----|---------|\n| ${cell} | \`${PK}\` | — |\n`;
  const { baseline, problems } = parseBaseline(markdown, "cell.md");
  expect(problems).toEqual([]);
  return baseline?.groups[0]?.name;
}

describe("report/escape-markdown", () => {
  it.each([
    ["proxmox_admins", "proxmox_admins"],
    ["media-users", "media-users"],
    ["a|b", "a\\|b"],
    ["<script>", "\\<script\\>"],
    ["*x*", "\\*x\\*"],
    ["`y`", "\\`y\\`"],
    ["[link](x)", "\\[link\\](x)"],
    ["&amp;", "\\&amp;"],
    ["~~gone~~", "\\~\\~gone\\~\\~"],
    ["back\\slash", "back\\\\slash"],
    ["_private", "\\_private"],
    ["trailing_", "trailing\\_"],
    ["a_.b", "a\\_.b"],
    // A line break would end the table row: it is written as a numeric reference, which reads back as itself.
    ["two\nlines", "two&#10;lines"],
    ["crlf\r\nlines", "crlf&#13;&#10;lines"],
  ])("escapes %j as %j", (text, escaped) => {
    const result = escapeMarkdown(text);

    expect(result).toBe(escaped);
  });

  it.each([
    "a|b <script>alert(1)</script> *x* `y`",
    "proxmox_admins",
    "__init__",
    "_x_",
    "a\\|b",
    "ends with backslash\\",
    "&#35; &lt;",
    "[x](https://example.com/_a_)",
    "![img](x)",
    "~~s~~ **b** __u__",
    "é_ü 日本_語 🔐_x",
    "`",
    "``double``",
    "a  b",
    "two\nlines",
    " padded ",
  ])("reads %j back unchanged through parseBaseline", (name) => {
    const cell = escapeMarkdown(name);

    const readBack = readBackGroupName(cell);

    expect(readBack).toBe(name);
  });

  it.each([
    [PK, `\`${PK}\``],
    ["application-open", "`application-open`"],
    ["has`tick", "has\\`tick"],
    ["has|pipe", "has\\|pipe"],
    // A cell is trimmed when read: a leading space is kept as a reference instead.
    [" padded", "&#32;padded"],
  ])("formats %j for a table cell as %j", (text, cell) => {
    const result = formatTableCodeSpan(text);

    expect(result).toBe(cell);
  });
});

describe("report/escape-mermaid-label", () => {
  it.each([
    ["media-users", "media-users"],
    ['say "hi"', "say #34;hi#34;"],
    ["<b>&#35;</b>", "#60;b#62;#38;#35;35;#60;/b#62;"],
    ["```end", "#96;#96;#96;end"],
    ["two\nlines", "two lines"],
  ])("escapes %j as %j", (text, label) => {
    const result = escapeMermaidLabel(text);

    expect(result).toBe(label);
  });
});
