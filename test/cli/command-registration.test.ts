import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const DIR = "src/cli/commands";

/** The modules a file loads when it is imported: every import that is not `import type`. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(`${DIR}/${file}`, "utf8");
  return [...source.matchAll(/^import (?!type\b)[^;]*? from "([^"]+)";$/gms)].map((match) => match[1] ?? "");
}

describe("cli/command registration", () => {
  // `--help`, `--version` and shell completion load every registration file; the work is in run-*.ts,
  // imported only when the command runs, so those stay fast however heavy the commands get.
  it.each(readdirSync(DIR).filter((file) => !file.startsWith("run-")))("%s loads commander and nothing of ours but its options", (file) => {
    const imports = runtimeImports(file);

    expect(imports.filter((module) => !["commander", "node:url", "./write-options.js"].includes(module))).toEqual([]);
  });

  it("finds the write commands' registration files", () => {
    expect(readdirSync(DIR).filter((file) => !file.startsWith("run-"))).toEqual(
      expect.arrayContaining(["apply.ts", "bind.ts", "group.ts", "member.ts", "plan.ts", "write-options.ts"]),
    );
  });
});
