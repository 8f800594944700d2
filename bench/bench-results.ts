import type { SimulatorStarted } from "./simulator-process.js";
import type { CheckMeasure, StartupMeasure } from "./measure-cli.js";
import type { LoopMeasure } from "./measure-request-loops.js";
import type { ServiceMeasure } from "./measure-service.js";
import type { SnapshotMeasure } from "./measure-snapshot.js";
import type { StagesMeasure } from "./measure-stages.js";
import type { CheckProfile } from "./profile-check.js";
import type { BenchOptions } from "./parse-bench-options.js";

/** Everything measured for one state. */
export interface StateResult {
  name: string;
  counts: SimulatorStarted["counts"];
  files: { runbookBytes: number; snapshotBytes: number };
  snapshot: SnapshotMeasure;
  runbookLoop: LoopMeasure;
  objectRefresh: LoopMeasure;
  stages: StagesMeasure;
  check: CheckMeasure;
  service: ServiceMeasure;
}

export interface TargetResult {
  target: string;
  met: boolean;
  /** The measured value(s), and where. */
  measured: string;
}

/** The results file (`--json`). */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  commit: string | null;
  machine: { node: string; cpus: number; platform: string };
  /** 1-minute load average at start and end: other work on the machine skews every timing. */
  loadAverage: { start: number; end: number };
  options: BenchOptions;
  rusage: "time" | "wrapper";
  startup: StartupMeasure;
  states: StateResult[];
  profile: CheckProfile | null;
  targets: TargetResult[];
}
