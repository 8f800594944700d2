import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./stats.js";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const CLI = join(ROOT, "dist", "cli.js");
const WRAPPER = fileURLToPath(new URL("./rusage-wrapper.mjs", import.meta.url));
const TIME = "/usr/bin/time";

export type RusageMode = "time" | "wrapper";

/** One run of a Node process: wall time seen from here, CPU and peak RSS of the process itself. */
export interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  exitCode: number;
  stdoutBytes: number;
  stderr: string;
}

export function resolveRusageMode(requested: "auto" | RusageMode): RusageMode {
  if (requested === "time" && !existsSync(TIME)) throw new Error(`--rusage time: ${TIME} is missing`);
  if (requested !== "auto") return requested;
  return existsSync(TIME) ? "time" : "wrapper";
}

/**
 * `node SCRIPT ARGS` with its rusage: `/usr/bin/time -v` measures the whole process from outside; the
 * wrapper imports the script into a process that reports its own `process.resourceUsage()` at exit
 * (the wrapper's few lines included). `script` "-" runs nothing (`node -e 0`).
 */
export async function runMeasured(
  script: string,
  args: readonly string[],
  mode: RusageMode,
  env: NodeJS.ProcessEnv = {},
): Promise<ProcessRun> {
  const dir = await mkdtemp(join(tmpdir(), "ak-access-rusage-"));
  const out = join(dir, "rusage");
  const nodeArgs = script === "-" ? ["-e", "0"] : [script, ...args];
  const [command, commandArgs] =
    mode === "time" ? [TIME, ["-v", "-o", out, process.execPath, ...nodeArgs]] : [process.execPath, [WRAPPER, out, script, ...args]];
  try {
    const started = performance.now();
    const { code, stdoutBytes, stderr } = await run(command, commandArgs, env);
    const wallMs = performance.now() - started;
    const text = await readFile(out, "utf8");
    const usage = mode === "time" ? parseTimeOutput(text) : parseWrapperOutput(text);
    // time -v reports the command's exit status; the wrapper the exit code Node ended with.
    return { wallMs, ...usage, exitCode: usage.exitCode ?? code, stdoutBytes, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median wall time of `runs` plain runs (no rusage tool in between, so start-up is not padded). */
export async function medianWallMs(args: readonly string[], runs: number): Promise<{ medianMs: number; runsMs: number[] }> {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const { code, stderr } = await run(process.execPath, args, {});
    if (code !== 0) throw new Error(`node ${args.join(" ")} exited ${code}: ${stderr.slice(0, 500)}`);
    runsMs.push(performance.now() - started);
  }
  return { medianMs: median(runsMs), runsMs };
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdoutBytes: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdoutBytes = 0;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 100_000) stderr += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdoutBytes, stderr }));
  });
}

function parseTimeOutput(text: string): { cpuMs: number; maxRssMb: number; exitCode: number | undefined } {
  const field = (label: string): number => {
    const match = new RegExp(`^\\s*${label}:\\s*([\\d.]+)\\s*$`, "m").exec(text);
    if (!match) throw new Error(`/usr/bin/time -v output lacks "${label}":\n${text}`);
    return Number(match[1]);
  };
  return {
    cpuMs: (field("User time \\(seconds\\)") + field("System time \\(seconds\\)")) * 1000,
    maxRssMb: field("Maximum resident set size \\(kbytes\\)") / 1024,
    exitCode: field("Exit status"),
  };
}

function parseWrapperOutput(text: string): { cpuMs: number; maxRssMb: number; exitCode: number | undefined } {
  const report = JSON.parse(text) as { userMs: number; systemMs: number; maxRssKb: number; exitCode: number };
  return { cpuMs: report.userMs + report.systemMs, maxRssMb: report.maxRssKb / 1024, exitCode: report.exitCode };
}
