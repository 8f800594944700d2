/**
 * `npm run bench`: how fast ak-access is at every size (issue 9). A plain Node program, not a vitest
 * bench: it seeds the simulator with each state, measures the snapshot, every pure stage, the built
 * CLI and the service, prints a Markdown table and writes the results as JSON. `--smoke` is the small
 * run CI makes so that the harness cannot rot; it fails when a measurement cannot be made, never on
 * a timing.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createReportRenderer } from "../src/report/index.js";
import type { BenchResults, StateResult } from "./bench-results.js";
import { benchState } from "./bench-state.js";
import type { StateFiles } from "./bench-state.js";
import { selectStates } from "./bench-states.js";
import { evaluateTargets } from "./evaluate-targets.js";
import { measureStartup } from "./measure-cli.js";
import { CLI, ROOT, resolveRusageMode } from "./measure-process.js";
import { USAGE, describeMachine, parseBenchOptions } from "./parse-bench-options.js";
import { profileCheck } from "./profile-check.js";
import { renderBenchReport } from "./render-bench-report.js";

const options = parseBenchOptions(process.argv.slice(2));
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm run bench\` does)`);

const benchStarted = performance.now();
const startedAt = new Date().toISOString();
const loadStart = loadavg()[0] ?? Number.NaN;
const rusage = resolveRusageMode(options.rusage);
const selected = selectStates(options.smoke, options.states);
const log = (message: string) =>
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
const workDir = await mkdtemp(join(tmpdir(), "ak-access-bench-"));

try {
  log(`start-up: --version and node -e 0, ${options.startupRuns} runs each`);
  const startup = await measureStartup(options.startupRuns, rusage);
  const renderer = createReportRenderer();
  const states: StateResult[] = [];
  const files = new Map<string, StateFiles>();
  for (const state of selected) {
    const { result, files: stateFiles } = await benchState(state, { options, rusage, renderer, workDir, log });
    states.push(result);
    files.set(state.name, stateFiles);
  }

  let profile: BenchResults["profile"] = null;
  const largest = [...states].sort((a, b) => b.counts.users - a.counts.users)[0];
  const largestFiles = largest ? files.get(largest.name) : undefined;
  if (options.profile && largest && largestFiles) {
    log(`${largest.name}: check --snapshot with --cpu-prof`);
    const dir = join(ROOT, "bench", "results", options.smoke ? "profile-smoke" : "profile");
    profile = await profileCheck(largest.name, largestFiles.snapshotFile, largestFiles.runbookFile, dir);
  }

  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    durationSeconds: (performance.now() - benchStarted) / 1000,
    commit: gitCommit(),
    machine: describeMachine(),
    loadAverage: { start: loadStart, end: loadavg()[0] ?? Number.NaN },
    options,
    rusage,
    startup,
    states,
    profile,
    targets: evaluateTargets(startup, states),
  };
  assertComplete(results);
  const jsonFile = resolve(ROOT, options.json);
  await mkdir(dirname(jsonFile), { recursive: true });
  await writeFile(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(renderBenchReport(results));
  log(`results in ${options.json}`);
} finally {
  if (options.keepFiles) log(`snapshots and runbooks kept in ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** A measurement that came out as nothing (NaN, zero requests, an empty profile) means the harness broke. */
function assertComplete(results: BenchResults): void {
  const problems: string[] = [];
  const positive = (label: string, value: number) => {
    if (!(Number.isFinite(value) && value > 0)) problems.push(`${label} is ${value}`);
  };
  positive("start-up ratio", results.startup.ratio);
  positive("--version peak RSS", results.startup.version.maxRssMb);
  for (const state of results.states) {
    const at = (label: string) => `${state.name}: ${label}`;
    positive(at("snapshot requests"), state.snapshot.requests);
    positive(at("snapshot wall time"), state.snapshot.wallMs.median);
    for (const [name, stage] of Object.entries(state.stages.stages)) {
      if (!(Number.isFinite(stage.coldCpuMs) && stage.coldCpuMs >= 0)) problems.push(at(`stage ${name} CPU is ${stage.coldCpuMs}`));
    }
    positive(at("check CPU"), state.check.cpuMs);
    positive(at("check peak RSS"), state.check.maxRssMb);
    positive(at("check output"), state.check.stdoutBytes);
    positive(at("runbook loop requests"), state.runbookLoop.requests);
    positive(at("object refresh requests"), state.objectRefresh.requests);
    positive(at("/metrics size"), state.service.metrics.bytes);
    positive(at("/ size"), state.service.overview.bytes);
    positive(at("service RSS"), state.service.afterAudits.rssMb);
    positive(at("audit time"), state.service.auditMs);
  }
  if (results.profile) positive("profile samples", results.profile.totalMs);
  if (results.targets.length === 0) problems.push("no target was evaluated");
  if (problems.length > 0) throw new Error(`the benchmark is incomplete:\n  ${problems.join("\n  ")}`);
}
