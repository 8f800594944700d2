import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startBackground } from "../fixtures/background-process.js";
import type { BackgroundProcess } from "../fixtures/background-process.js";

// `npm pack` as on a fresh clone (the tracked files, no dist/), then the tarball installed on its own
// into an empty project (from the npm cache: --prefer-offline) and run as users run it: `npx`-style,
// through the installed bin. The Node.js running the suite runs everything (CI also runs this under 24).
const root = resolve(".");
const dir = mkdtempSync(join(tmpdir(), "ak-access-package-"));
const clone = join(dir, "clone");
const consumer = join(dir, "consumer");
const DEADLINE_MS = 60_000;
/** PATH with this Node.js first, so the bin's `#!/usr/bin/env node` and npm's scripts use it. */
const PATH = `${dirname(process.execPath)}:${process.env.PATH ?? "/usr/bin:/bin"}`;
const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

let packed: { filename: string; files: { path: string }[] };
let demo: BackgroundProcess | undefined;

function npm(args: string[], cwd: string): string {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, PATH } });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  // A fresh clone's files: tracked ones (and new ones not ignored), never dist/ or node_modules/.
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "");
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(clone, file));
    } catch (error) {
      // A file deleted in the work tree but still in the index is not part of a fresh clone either.
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
  }
  // The dev dependencies `prepack` builds with, as `npm ci` would have installed them.
  symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");

  const output = npm(["pack", "--json", "--pack-destination", dir], clone);
  packed = (JSON.parse(output.slice(output.indexOf("["))) as (typeof packed)[])[0] as typeof packed;

  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(dir, packed.filename)], consumer);
}, 5 * DEADLINE_MS);

afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("builds dist/ when packed from a fresh clone, and holds what ak-access needs and nothing of the repo's tooling", () => {
    const paths = packed.files.map((file) => file.path);
    const templates = readdirSync("templates").map((file) => `templates/${file}`);

    expect(paths).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/cli.js", "dist/main.js", ...templates]));
    expect(paths).toEqual(expect.arrayContaining(["examples/access-groups.md", "examples/authentik-state.json"]));
    expect(paths.filter((path) => /^(src|test|scripts|deploy|bench|node_modules)\//.test(path))).toEqual([]);
    expect(paths.filter((path) => path.startsWith("dist/") && path.endsWith(".js")).length).toBeGreaterThan(50);
  });

  it("is the tarball the README's npx and npm commands name", () => {
    const readme = readFileSync("README.md", "utf8");

    expect(readme).toContain(`npx --yes --package ./${packed.filename} ak-access check`);
    expect(readme).toContain(`npm install -g ./${packed.filename}`);
  });

  it("installs on its own and answers `ak-access --version` through its bin", () => {
    const result = spawnSync(join(consumer, "node_modules", ".bin", "ak-access"), ["--version"], {
      cwd: consumer,
      encoding: "utf8",
      env: { PATH },
    });

    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.status).toBe(0);
  });

  it(
    "runs `ak-access demo` from the installed package to its first audit, serves it, and stops on Ctrl-C",
    async () => {
      demo = startBackground(join(consumer, "node_modules", ".bin", "ak-access"), ["demo", "--listen", "127.0.0.1:0"], {
        cwd: consumer,
        env: { PATH, NO_COLOR: "1" },
      });

      const output = await eventually(
        "the demo's first audit",
        async () => {
          if (demo?.child.exitCode !== null) throw new Error("the demo exited");
          return demo.output().includes("Press Ctrl-C to stop.") ? demo.output() : undefined;
        },
        { deadlineMs: DEADLINE_MS, context: () => demo?.output() ?? "" },
      );
      const overview = /overview\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      const ready = await fetch(`${overview}/readyz`);
      const exited = new Promise<number | null>((resolve) => demo?.child.once("exit", (code) => resolve(code)));
      demo.child.kill("SIGINT");

      expect(output).toContain("drift: 2 critical, 2 warning, 2 info, 13 access changes");
      expect(output).toContain("application-open:mailcow  Mailcow is open to every authenticated user");
      expect(output).toContain(
        `baseline runbook     ${join(consumer, "node_modules", "authentik-access-auditor", "examples", "access-groups.md")}`,
      );
      expect(ready.status).toBe(200);
      expect(await exited).toBe(0);
    },
    2 * DEADLINE_MS,
  );
});
