import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../src/baseline/index.js";

/**
 * The runbook is hand-edited and hostile until parsed: thousands of mutations of the example runbook
 * (deleted cells, swapped columns, broken tables, odd Unicode, huge cells, binary garbage) must never
 * make `parseBaseline` throw, and every problem it reports must be located: the file it was given, a
 * line inside the document, a message. Only the public API is used, so this holds for any parser
 * behind it. AK_ACCESS_FUZZ_RUNS raises the number of runs (default 2,000 per property).
 */
const EXAMPLE = readFileSync(fileURLToPath(new URL("../../examples/access-groups.md", import.meta.url)), "utf8");
const FILE = "fuzzed/access-groups.md";
const RUNS = Number(process.env.AK_ACCESS_FUZZ_RUNS ?? 2_000);
const runs = { tried: 0 };

type Mutation = (lines: string[]) => string[];

/** Lines of the document, split as Markdown splits them. */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function tableRows(lines: string[]): number[] {
  return lines.flatMap((line, index) => (line.trimStart().startsWith("|") ? [index] : []));
}

function cellsOf(line: string): string[] {
  return line.split("|");
}

const ODD_TEXT = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "\u202e\u2066evil\u2069",
    "\u0000\u0007\u001b[2J",
    "\ufeff",
    "\u200b\u200d",
    "e\u0301\u0301\u0301",
    "\ud800",
    "\udfff\ud800",
    "𝕞𝕖𝕕𝕚𝕒",
    "`",
    "``",
    "\\|",
    "*(existing)*",
    "(superuser)",
    "—",
    "<!-- ak-access:begin -->",
    "<!-- ak-access:end -->",
    "| Group | PK | Members |",
    "|---|---|---|",
    "\t",
    "&#124;",
  ),
);

/** One mutation of the document's lines, with the choices fast-check makes. */
const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  // Delete a cell from a table row.
  fc.tuple(fc.nat(), fc.nat()).map(
    ([row, cell]): Mutation =>
      (lines) => {
        const rows = tableRows(lines);
        if (rows.length === 0) return lines;
        const index = rows[row % rows.length] as number;
        const cells = cellsOf(lines[index] as string);
        cells.splice(cell % cells.length, 1);
        return lines.with(index, cells.join("|"));
      },
  ),
  // Swap two columns in every row of the table the chosen row belongs to.
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(
    ([row, a, b]): Mutation =>
      (lines) => {
        const rows = tableRows(lines);
        if (rows.length === 0) return lines;
        let start = rows[row % rows.length] as number;
        while (start > 0 && (lines[start - 1] ?? "").trimStart().startsWith("|")) start -= 1;
        const out = [...lines];
        for (let index = start; (out[index] ?? "").trimStart().startsWith("|"); index++) {
          const cells = cellsOf(out[index] as string);
          const i = 1 + (a % Math.max(1, cells.length - 2));
          const j = 1 + (b % Math.max(1, cells.length - 2));
          [cells[i], cells[j]] = [cells[j] as string, cells[i] as string];
          out[index] = cells.join("|");
        }
        return out;
      },
  ),
  // Break a table: drop its delimiter row, a row's pipes, or add a stray one.
  fc.tuple(fc.nat(), fc.constantFrom("drop-delimiter", "strip-pipes", "stray-pipe", "blank-inside")).map(
    ([row, how]): Mutation =>
      (lines) => {
        const rows = tableRows(lines);
        if (rows.length === 0) return lines;
        const index = rows[row % rows.length] as number;
        const line = lines[index] as string;
        if (how === "drop-delimiter") {
          const delimiter = rows.find((r) => r >= index && /^\s*\|?\s*:?-{3,}/.test(lines[r] ?? ""));
          return delimiter === undefined ? lines : lines.toSpliced(delimiter, 1);
        }
        if (how === "strip-pipes") return lines.with(index, line.replaceAll("|", " "));
        if (how === "stray-pipe") return lines.with(index, `${line.slice(0, line.length >> 1)}|${line.slice(line.length >> 1)}`);
        return lines.toSpliced(index, 0, "");
      },
  ),
  // Put odd text into a cell or a line.
  fc.tuple(fc.nat(), fc.nat(), ODD_TEXT).map(
    ([row, cell, text]): Mutation =>
      (lines) => {
        const rows = tableRows(lines);
        if (rows.length === 0) return lines.with(row % lines.length, `${lines[row % lines.length]}${text}`);
        const index = rows[row % rows.length] as number;
        const cells = cellsOf(lines[index] as string);
        const at = cell % cells.length;
        cells[at] = `${cells[at]}${text}`;
        return lines.with(index, cells.join("|"));
      },
  ),
  // Binary garbage in place of a line, or inserted.
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 400 }), fc.boolean()).map(
    ([at, bytes, replace]): Mutation =>
      (lines) => {
        const garbage = Buffer.from(bytes).toString(at % 2 === 0 ? "latin1" : "utf8");
        const index = at % lines.length;
        return replace ? lines.with(index, garbage) : lines.toSpliced(index, 0, ...garbage.split("\n"));
      },
  ),
  // Delete, duplicate or move lines.
  fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 12 }), fc.constantFrom("delete", "duplicate", "move")).map(
    ([from, to, count, how]): Mutation =>
      (lines) => {
        const start = from % lines.length;
        const chunk = lines.slice(start, start + count);
        const rest = lines.toSpliced(start, count);
        if (how === "delete") return rest.length > 0 ? rest : [""];
        if (how === "duplicate") return lines.toSpliced(start, 0, ...chunk);
        return rest.toSpliced(to % (rest.length + 1), 0, ...chunk);
      },
  ),
  // Cut the document short.
  fc.nat().map(
    (at): Mutation =>
      (lines) =>
        linesOf(lines.join("\n").slice(0, at % (lines.join("\n").length + 1))),
  ),
);

/** A huge cell (10 to 50 KB): slow to parse, so its own property with fewer runs. */
const HUGE_CELL: fc.Arbitrary<Mutation> = fc
  .tuple(fc.nat(), fc.integer({ min: 10_000, max: 50_000 }), fc.constantFrom("x", "média-users, ", "`", "\u202e", "|"))
  .map(
    ([row, size, unit]): Mutation =>
      (lines) => {
        const rows = tableRows(lines);
        if (rows.length === 0) return lines;
        const index = rows[row % rows.length] as number;
        const cells = cellsOf(lines[index] as string);
        cells[Math.min(2, cells.length - 1)] = unit.repeat(Math.ceil(size / unit.length));
        return lines.with(index, cells.join("|"));
      },
  );
const HUGE_RUNS = Math.max(20, Math.round(RUNS / 40));

const DOCUMENT = fc
  .tuple(fc.array(MUTATION, { minLength: 1, maxLength: 5 }), fc.constantFrom("\n", "\r\n", "\r"))
  .map(([mutations, newline]) => mutations.reduce((lines, mutate) => mutate(lines), linesOf(EXAMPLE)).join(newline));

/** Parses without throwing, and every problem is located inside the document. */
function expectLocatedProblems(markdown: string): void {
  runs.tried += 1;
  const parsed = parseBaseline(markdown, FILE);
  const lineCount = linesOf(markdown).length;
  expect(parsed.baseline !== null || parsed.problems.length > 0).toBe(true);
  for (const problem of parsed.problems) {
    expect(problem.file).toBe(FILE);
    expect(Number.isInteger(problem.line)).toBe(true);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(lineCount);
    expect(problem.message.trim().length).toBeGreaterThan(0);
  }
}

describe(`baseline/parse-baseline: fuzzed (${RUNS} runs per property)`, () => {
  it("never throws on a mutated example runbook, and locates every problem", { timeout: 120_000 }, () => {
    fc.assert(fc.property(DOCUMENT, expectLocatedProblems), { numRuns: RUNS });
  });

  it(`never throws on a runbook with a huge cell (${HUGE_RUNS} runs), and locates every problem`, { timeout: 120_000 }, () => {
    const document = fc.tuple(HUGE_CELL, MUTATION).map(([huge, other]) => other(huge(linesOf(EXAMPLE))).join("\n"));
    fc.assert(fc.property(document, expectLocatedProblems), { numRuns: HUGE_RUNS });
  });

  it("never throws on arbitrary text, and locates every problem", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 2_000 }),
      fc.string({ unit: "grapheme", maxLength: 2_000 }),
      fc.string({ maxLength: 2_000 }),
    );
    fc.assert(fc.property(text, expectLocatedProblems), { numRuns: RUNS });
  });

  it("still reads the example itself, the anchor of every mutation", () => {
    const parsed = parseBaseline(EXAMPLE, FILE);

    expect(parsed.problems).toEqual([]);
    expect(parsed.baseline?.groups.length).toBeGreaterThan(0);
    console.info(`runbook fuzzing: ${runs.tried + 1} documents parsed`);
  });
});
