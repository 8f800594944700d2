import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The CLI and signal tests run the built `dist/cli.js` as a child process, exactly as users do, so the
 * suite builds it first (a few seconds). AK_ACCESS_SKIP_BUILD=1 skips this when dist/ is known fresh.
 */
export default function setup(): void {
  if (process.env.AK_ACCESS_SKIP_BUILD === "1") return;
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}
