import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";

export interface BenchOptions {
  /** The small CI run: the runbook's state and 500 users, 2 ms latency, a few audits. */
  smoke: boolean;
  latencyMs: number;
  /** Audits after warm-up whose RSS growth is measured. */
  audits: number;
  warmupAudits: number;
  /** Stop the measured audits of a state after this long, and report how many ran. */
  auditBudgetSeconds: number;
  /** Runs of each in-process stage, snapshot and `check` (the first run of a stage is reported as cold). */
  repeats: number;
  /** Runs of `--version` and `node -e 0`, whose medians are compared. */
  startupRuns: number;
  /** Names of the states to run (`runbook`, `5k`, `50k`, `500`); all of the mode's states when empty. */
  states: string[];
  json: string;
  /** Keep the generated snapshots and runbooks (their directory is printed) instead of deleting them. */
  keepFiles: boolean;
  /** Profile `check --snapshot` at the largest state with `--cpu-prof`. */
  profile: boolean;
  /** How a child's CPU and peak RSS are read: `/usr/bin/time -v`, or `process.resourceUsage()` in a wrapper. */
  rusage: "auto" | "time" | "wrapper";
  /** The client's (and the service's) concurrency, as `--concurrency`. */
  concurrency: number;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]      (tsx bench/run.ts; needs a built dist/)

  --smoke              small and quick (the runbook's state and 500 users, 2 ms latency, 5 audits)
  --latency-ms N       simulated authentik latency per request (default 20; smoke 2)
  --audits N           audits after warm-up for the service's RSS growth (default 100; smoke 5)
  --warmup-audits N    audits before the first RSS sample (default 10; smoke 2)
  --audit-budget-s N   stop a state's measured audits after N seconds (default 600; smoke 60)
  --repeats N          runs per stage, snapshot and check (default 3; smoke 1)
  --startup-runs N     runs of --version and node -e 0 (default 7; smoke 3)
  --state NAME         only this state (repeatable): runbook, 5k, 50k (smoke: runbook, 500)
  --json FILE          where the results go (default bench/results/latest.json; smoke bench/results/smoke.json)
  --keep-files         keep the generated snapshot and runbook files (for profiling by hand)
  --no-profile         skip the --cpu-prof run of check --snapshot at the largest state
  --rusage MODE        auto (default), time (/usr/bin/time -v) or wrapper (process.resourceUsage())
  --concurrency N      the client's concurrency (default 4, the product's default)`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      smoke: { type: "boolean", default: false },
      "latency-ms": { type: "string" },
      audits: { type: "string" },
      "warmup-audits": { type: "string" },
      "audit-budget-s": { type: "string" },
      repeats: { type: "string" },
      "startup-runs": { type: "string" },
      state: { type: "string", multiple: true },
      json: { type: "string" },
      "keep-files": { type: "boolean", default: false },
      "no-profile": { type: "boolean", default: false },
      rusage: { type: "string", default: "auto" },
      concurrency: { type: "string", default: "4" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  const smoke = values.smoke === true;
  const rusage = values.rusage;
  if (rusage !== "auto" && rusage !== "time" && rusage !== "wrapper") throw new Error(`--rusage ${rusage}: expected auto, time or wrapper`);
  return {
    smoke,
    latencyMs: count("--latency-ms", values["latency-ms"], smoke ? 2 : 20, 0),
    audits: count("--audits", values.audits, smoke ? 5 : 100, 1),
    // At 50,000 users V8 grows its heap to the audits' peak over about ten audits, then holds it.
    warmupAudits: count("--warmup-audits", values["warmup-audits"], smoke ? 2 : 10, 0),
    auditBudgetSeconds: count("--audit-budget-s", values["audit-budget-s"], smoke ? 60 : 600, 1),
    repeats: count("--repeats", values.repeats, smoke ? 1 : 3, 1),
    startupRuns: count("--startup-runs", values["startup-runs"], smoke ? 3 : 7, 1),
    states: values.state ?? [],
    json: values.json ?? (smoke ? "bench/results/smoke.json" : "bench/results/latest.json"),
    keepFiles: values["keep-files"] === true,
    profile: values["no-profile"] !== true,
    rusage,
    concurrency: count("--concurrency", values.concurrency, 4, 1),
    help: values.help === true,
  };
}

function count(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} ${raw}: expected an integer of at least ${min}`);
  return value;
}

/** For the results file: what ran where. */
export function describeMachine(): { node: string; cpus: number; platform: string } {
  return { node: process.version, cpus: availableParallelism(), platform: `${process.platform}-${process.arch}` };
}
