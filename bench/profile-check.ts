import { spawn } from "node:child_process";
import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { CLI, ROOT } from "./measure-process.js";
import { summariseCpuProfile } from "./summarise-cpu-profile.js";
import type { ProfileSummary } from "./summarise-cpu-profile.js";

export interface CheckProfile extends ProfileSummary {
  /** The state profiled. */
  state: string;
  /** Where the `.cpuprofile` is kept (open it in Chrome DevTools or speedscope). */
  file: string;
}

/** `node --cpu-prof dist/cli.js check --snapshot FILE --baseline RUNBOOK`, summarised by self time. */
export async function profileCheck(state: string, snapshotFile: string, runbookFile: string, dir: string): Promise<CheckProfile> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const args = ["--cpu-prof", "--cpu-prof-dir", dir, CLI, "check", "--snapshot", snapshotFile, "--baseline", runbookFile];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`the profiled check exited ${code}`);
  const [name] = (await readdir(dir)).filter((file) => file.endsWith(".cpuprofile"));
  if (!name) throw new Error(`node --cpu-prof wrote no profile into ${dir}`);
  const file = join(dir, name);
  const summary = summariseCpuProfile(JSON.parse(await readFile(file, "utf8")), ROOT);
  return { state, file: file.startsWith(ROOT) ? file.slice(ROOT.length) : file, ...summary };
}
