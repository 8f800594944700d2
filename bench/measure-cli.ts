import { CLI, medianWallMs, runMeasured } from "./measure-process.js";
import type { ProcessRun, RusageMode } from "./measure-process.js";
import { median } from "./stats.js";

export interface CheckMeasure {
  runs: number;
  /** Median CPU (user + system) of the whole process. */
  cpuMs: number;
  /** Highest peak RSS of the runs. */
  maxRssMb: number;
  wallMs: number;
  exitCode: number;
  stdoutBytes: number;
}

export interface StartupMeasure {
  versionMs: number;
  nodeMs: number;
  ratio: number;
  versionRunsMs: number[];
  nodeRunsMs: number[];
  /** CPU and peak RSS of one `--version` and one `node -e 0`, for context. */
  version: ProcessRun;
  node: ProcessRun;
}

/** An in-sync `ak-access check --snapshot FILE --baseline RUNBOOK` of the built CLI; it must exit 0. */
export async function measureCheck(snapshotFile: string, runbookFile: string, runs: number, mode: RusageMode): Promise<CheckMeasure> {
  const results: ProcessRun[] = [];
  for (let i = 0; i < runs; i += 1) {
    const result = await runMeasured(CLI, ["check", "--snapshot", snapshotFile, "--baseline", runbookFile], mode);
    // In sync is the premise: exit 1 (drift) or 2 (could not audit) means the harness measured something else.
    if (result.exitCode !== 0) throw new Error(`check --snapshot exited ${result.exitCode}:\n${result.stderr.slice(0, 2000)}`);
    results.push(result);
  }
  return {
    runs,
    cpuMs: median(results.map((r) => r.cpuMs)),
    maxRssMb: Math.max(...results.map((r) => r.maxRssMb)),
    wallMs: median(results.map((r) => r.wallMs)),
    exitCode: 0,
    stdoutBytes: results[0]?.stdoutBytes ?? 0,
  };
}

/** `ak-access --version` against `node -e 0`: medians of alternating runs, so load drifts hit both alike. */
export async function measureStartup(runs: number, mode: RusageMode): Promise<StartupMeasure> {
  const versionRunsMs: number[] = [];
  const nodeRunsMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    versionRunsMs.push(...(await medianWallMs([CLI, "--version"], 1)).runsMs);
    nodeRunsMs.push(...(await medianWallMs(["-e", "0"], 1)).runsMs);
  }
  const version = await runMeasured(CLI, ["--version"], mode);
  const node = await runMeasured("-", [], mode);
  if (version.exitCode !== 0) throw new Error(`--version exited ${version.exitCode}: ${version.stderr}`);
  const versionMs = median(versionRunsMs);
  const nodeMs = median(nodeRunsMs);
  return { versionMs, nodeMs, ratio: versionMs / nodeMs, versionRunsMs, nodeRunsMs, version, node };
}
