import { decodeHTMLStrict } from "entities";

/**
 * The text of a runbook table cell, both ways. `decodeCellText` reads a cell's raw Markdown as the
 * reader sees it (CommonMark inline syntax: backslash escapes, code spans, entity and numeric character
 * references, links, emphasis); `encodeCellText` writes any string so that it reads back exactly and
 * renders as that string on GitHub, GitLab or any CommonMark viewer: the round trip for hostile names.
 */

// ASCII punctuation: a backslash before one of these is that character (CommonMark 2.4).
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

type Piece = { kind: "text"; text: string } | { kind: "delimiter"; char: string; length: number; canOpen: boolean; canClose: boolean };

/** A cell's raw Markdown to the text a reader sees. */
export function decodeCellText(raw: string): string {
  // Trim the Markdown, not the text: whitespace written as a reference (`&#32;`) is part of a name.
  const trimmed = raw.trim();
  // Most cells (usernames, slugs, pks) hold no character that inline syntax reacts to: they are their text.
  if (!INLINE_SYNTAX.test(trimmed)) return trimmed;
  return resolveEmphasis(tokenize(trimmed));
}

// Every character `tokenize` treats specially; a cell without one reads as written.
const INLINE_SYNTAX = /[\\`&[\]!<*_~]/;

/**
 * A list cell (Members, Parents) split on its commas, each item decoded and trimmed. A comma written
 * `\,` or inside a code span belongs to its item.
 */
export function splitCellList(raw: string): string[] {
  return splitRawCellList(raw).map(decodeCellText);
}

/** The raw Markdown of each item of a list cell, trimmed, without empty items. */
export function splitRawCellList(raw: string): string[] {
  const items: string[] = [];
  let start = 0;
  let index = 0;
  while (index < raw.length) {
    const char = raw[index];
    if (char === "\\") {
      index += 2;
    } else if (char === "`") {
      const run = runLength(raw, index, "`");
      const close = findClosingBackticks(raw, index + run, run);
      index = close === -1 ? index + run : close + run;
    } else if (char === ",") {
      items.push(raw.slice(start, index));
      index += 1;
      start = index;
    } else {
      index += 1;
    }
  }
  items.push(raw.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

function tokenize(raw: string): Piece[] {
  const pieces: Piece[] = [];
  let text = "";
  const flush = (): void => {
    if (text !== "") pieces.push({ kind: "text", text });
    text = "";
  };
  let index = 0;
  while (index < raw.length) {
    const char = raw[index] as string;
    if (char === "\\" && index + 1 < raw.length && ASCII_PUNCTUATION.test(raw[index + 1] as string)) {
      text += raw[index + 1];
      index += 2;
      continue;
    }
    if (char === "`") {
      const run = runLength(raw, index, "`");
      const close = findClosingBackticks(raw, index + run, run);
      if (close === -1) {
        text += "`".repeat(run);
        index += run;
        continue;
      }
      text += codeSpanContent(raw.slice(index + run, close));
      index = close + run;
      continue;
    }
    if (char === "&") {
      const match = ENTITY.exec(raw.slice(index, index + 40));
      if (match) {
        text += decodeReference(match[0]);
        index += match[0].length;
        continue;
      }
    }
    if (char === "[" || (char === "!" && raw[index + 1] === "[")) {
      const link = readInlineLink(raw, char === "!" ? index + 1 : index);
      if (link) {
        text += resolveEmphasis(tokenize(link.label));
        index = link.end;
        continue;
      }
    }
    if (char === "<") {
      const autolink = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>/.exec(raw.slice(index));
      if (autolink) {
        text += autolink[1];
        index += autolink[0].length;
        continue;
      }
    }
    if (char === "*" || char === "_" || char === "~") {
      const run = runLength(raw, index, char);
      flush();
      pieces.push(delimiterRun(raw, index, run, char));
      index += run;
      continue;
    }
    text += char;
    index += 1;
  }
  flush();
  return pieces;
}

/**
 * A character reference. Numeric ones decode to their code point as CommonMark says (0, surrogates and
 * out-of-range values to U+FFFD), not through HTML's windows-1252 table, so every reference
 * `encodeCellText` writes reads back exactly; named ones through the HTML5 list.
 */
function decodeReference(reference: string): string {
  if (reference.startsWith("&#")) {
    const hex = reference[2] === "x" || reference[2] === "X";
    const code = Number.parseInt(reference.slice(hex ? 3 : 2, -1), hex ? 16 : 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : "\uFFFD";
  }
  return decodeHTMLStrict(reference);
}

function runLength(text: string, index: number, char: string): number {
  let end = index;
  while (text[end] === char) end += 1;
  return end - index;
}

/** The index of a backtick run of exactly `length` at or after `from`, or -1. */
function findClosingBackticks(text: string, from: number, length: number): number {
  let index = text.indexOf("`", from);
  while (index !== -1) {
    const run = runLength(text, index, "`");
    if (run === length) return index;
    index = text.indexOf("`", index + run);
  }
  return -1;
}

function codeSpanContent(content: string): string {
  const flat = content.replace(/\r\n|\r|\n/g, " ");
  if (flat.length >= 2 && flat.startsWith(" ") && flat.endsWith(" ") && flat.trim() !== "") return flat.slice(1, -1);
  return flat;
}

/** `[label](destination "title")` starting at `[`: its label and where it ends, or null. */
function readInlineLink(raw: string, open: number): { label: string; end: number } | null {
  let depth = 0;
  let index = open;
  for (; index < raw.length; index += 1) {
    const char = raw[index];
    if (char === "\\") {
      index += 1;
    } else if (char === "[") {
      depth += 1;
    } else if (char === "]") {
      depth -= 1;
      if (depth === 0) break;
    }
  }
  if (depth !== 0 || raw[index + 1] !== "(") return null;
  const close = raw.indexOf(")", index + 2);
  if (close === -1) return null;
  return { label: raw.slice(open + 1, index), end: close + 1 };
}

function delimiterRun(raw: string, index: number, length: number, char: string): Piece {
  const before = index === 0 ? " " : (raw[index - 1] as string);
  const after = index + length >= raw.length ? " " : (raw[index + length] as string);
  const leftFlanking = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
  const rightFlanking = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
  if (char === "_") {
    return {
      kind: "delimiter",
      char,
      length,
      canOpen: leftFlanking && (!rightFlanking || PUNCTUATION.test(before)),
      canClose: rightFlanking && (!leftFlanking || PUNCTUATION.test(after)),
    };
  }
  // GFM strikethrough takes one or two tildes; longer runs are text.
  if (char === "~" && length > 2) return { kind: "text", text: "~".repeat(length) };
  return { kind: "delimiter", char, length, canOpen: leftFlanking, canClose: rightFlanking };
}

/** CommonMark's delimiter matching, simplified to what a plain-text reading needs: matched markers vanish. */
function resolveEmphasis(pieces: Piece[]): string {
  const remaining = pieces.map((piece) => (piece.kind === "delimiter" ? { ...piece } : piece));
  for (let closerIndex = 0; closerIndex < remaining.length; closerIndex += 1) {
    const closer = remaining[closerIndex] as Piece;
    if (closer.kind !== "delimiter" || !closer.canClose) continue;
    for (let openerIndex = closerIndex - 1; openerIndex >= 0 && closer.length > 0; openerIndex -= 1) {
      const opener = remaining[openerIndex] as Piece;
      if (opener.kind !== "delimiter" || !opener.canOpen || opener.char !== closer.char || opener.length === 0) continue;
      if (closer.char === "~" && opener.length !== closer.length) continue;
      const used = closer.char === "~" ? closer.length : Math.min(2, opener.length, closer.length);
      opener.length -= used;
      closer.length -= used;
      // Delimiters between a matched pair can no longer pair with anything outside it.
      for (let between = openerIndex + 1; between < closerIndex; between += 1) {
        const piece = remaining[between] as Piece;
        if (piece.kind === "delimiter") {
          piece.canOpen = false;
          piece.canClose = false;
        }
      }
      openerIndex += 1;
    }
  }
  return remaining.map((piece) => (piece.kind === "text" ? piece.text : piece.char.repeat(piece.length))).join("");
}

// ------------------------------------------------------------------------------------ writing

// Characters that can start inline syntax or end a cell; a backslash before ASCII punctuation is always
// that character, so escaping them is exact.
const ALWAYS_ESCAPED = /[\\`*[\]<>&~|]/g;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
// Line breaks, other C0 and C1 controls, DEL and bidirectional controls: written as numeric references,
// so the runbook's source shows them and nothing can reorder or hide the text around them.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const NONE_MARKERS: ReadonlyMap<string, string> = new Map([
  ["-", "\\-"],
  ["—", "&#8212;"],
  ["–", "&#8211;"],
]);

/** Any string as cell (or inline) Markdown that `decodeCellText` reads back exactly. */
export function encodeCellText(text: string): string {
  const none = NONE_MARKERS.get(text);
  if (none !== undefined) return none;
  const escaped = text
    .replace(ALWAYS_ESCAPED, (char) => `\\${char}`)
    .replace(/_/g, (underscore, index: number, whole: string) => (isIntraword(whole, index) ? underscore : "\\_"))
    .replace(INVISIBLE, (char) => `&#${char.codePointAt(0)};`);
  // Cells are trimmed (JavaScript's trim: every Unicode space): keep leading and trailing ones as references.
  return escaped.replace(/^\s+|\s+$/gu, (spaces) => [...spaces].map((space) => `&#${space.codePointAt(0)};`).join(""));
}

/** An item of a comma-separated list cell: commas and parentheses (the "(superuser)" mark) escaped too. */
export function encodeCellListItem(text: string): string {
  const encoded = encodeCellText(text);
  return encoded.replace(/[,()]/g, (char) => `\\${char}`);
}

/**
 * An underscore between two letters or digits cannot open or close emphasis, so `proxmox_admins` stays
 * readable as written; anywhere else it is escaped.
 */
function isIntraword(text: string, index: number): boolean {
  return WORD_CHARACTER.test(text[index - 1] ?? "") && WORD_CHARACTER.test(text[index + 1] ?? "");
}
