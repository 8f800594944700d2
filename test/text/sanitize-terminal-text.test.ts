import { describe, expect, it } from "vitest";
import { sanitizeTerminalText } from "../../src/text/index.js";

describe("text/sanitize-terminal-text", () => {
  it.each([
    ["plain text and every script stay as they are", "media-users Jürgen 山田 👩‍💻 é", "media-users Jürgen 山田 👩‍💻 é"],
    ["ESC of a colour sequence", "\u001b[31mred\u001b[0m", "\\x1b[31mred\\x1b[0m"],
    ["an OSC 52 clipboard write", "\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007", "\\x1b]52;c;Y3VybCBldmlsIHwgc2g=\\x07"],
    ["erase line and cursor up", "ok\u001b[2K\u001b[1A", "ok\\x1b[2K\\x1b[1A"],
    ["carriage return, backspace, tab and line feed", "a\rb\bc\td\ne", "a\\x0db\\x08c\\x09d\\x0ae"],
    ["NUL and DEL", "\u0000x\u007f", "\\x00x\\x7f"],
    ["C1 controls: the one-character CSI and NEL", "\u009b2J\u0085", "\\x9b2J\\x85"],
    ["bidi overrides and isolates", "\u202egnp.exe\u202c \u2066x\u2069", "\\u202egnp.exe\\u202c \\u2066x\\u2069"],
    ["bidi marks and line separators", "\u200e\u200f\u061c\u2028\u2029", "\\u200e\\u200f\\u061c\\u2028\\u2029"],
    ["a backslash that could be read as an escape", "C:\\x1b \\u202e \\\\ \\\u001b", "C:\\\\x1b \\\\u202e \\\\\\ \\\\\\x1b"],
    ["a backslash before anything else", "a\\b\\n", "a\\b\\n"],
  ])("%s", (_what, input, expected) => {
    expect(sanitizeTerminalText(input)).toBe(expected);
  });

  it("keeps line feeds when asked, and still escapes every other control character", () => {
    expect(sanitizeTerminalText("line one\n  two \u001b[2K\r", { keepNewlines: true })).toBe("line one\n  two \\x1b[2K\\x0d");
  });

  it("leaves no character a terminal acts on, for every code point below U+0100 and the bidi range", () => {
    const all =
      Array.from({ length: 0x100 }, (_, code) => String.fromCodePoint(code)).join("") +
      "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";

    const out = sanitizeTerminalText(all);

    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
    expect(out).toContain("\\x1b");
    expect(out).toContain("\\u2069");
  });
});
