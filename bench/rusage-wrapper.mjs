// Runs a Node script in this process and, at exit, writes this process's CPU time and peak RSS (from
// process.resourceUsage()) as JSON to OUT_FILE. The benchmark uses it where /usr/bin/time is missing.
//   node bench/rusage-wrapper.mjs OUT_FILE SCRIPT [ARGS...]      (SCRIPT "-" runs nothing, like node -e 0)
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [out, script, ...args] = process.argv.slice(2);
if (!out || !script) {
  process.stderr.write("usage: node bench/rusage-wrapper.mjs OUT_FILE SCRIPT [ARGS...]\n");
  process.exit(2);
}
process.on("exit", (code) => {
  const usage = process.resourceUsage();
  const report = { userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS, exitCode: code };
  writeFileSync(out, JSON.stringify(report));
});
if (script !== "-") {
  const path = resolve(script);
  // The script sees the arguments it would see when run directly.
  process.argv = [process.argv[0], path, ...args];
  await import(pathToFileURL(path).href);
}
