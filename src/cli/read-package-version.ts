import { readFileSync } from "node:fs";

/** The version in package.json, which sits two levels above both `src/cli/` and `dist/cli/`. */
export function readPackageVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === "string" ? version : "0.0.0";
}
