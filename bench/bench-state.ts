import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReportRenderer } from "../src/report/index.js";
import { toQuickReferenceView } from "../src/report/index.js";
import { renderSnapshotJson } from "../src/snapshot/index.js";
import type { BenchState } from "./bench-states.js";
import type { StateResult } from "./bench-results.js";
import { forkChild } from "./child-ipc.js";
import { measureCheck } from "./measure-cli.js";
import type { RusageMode } from "./measure-process.js";
import { measureObjectRefresh, measureRunbookLoop } from "./measure-request-loops.js";
import { measureService } from "./measure-service.js";
import { measureSnapshot } from "./measure-snapshot.js";
import { measureStages } from "./measure-stages.js";
import type { BenchOptions } from "./parse-bench-options.js";
import type { SimulatorStarted } from "./simulator-process.js";

export interface StateFiles {
  snapshotFile: string;
  runbookFile: string;
}

/** Everything for one state, against its own simulator process; the files stay for the profile. */
export async function benchState(
  state: BenchState,
  context: { options: BenchOptions; rusage: RusageMode; renderer: ReportRenderer; workDir: string; log: (message: string) => void },
): Promise<{ result: StateResult; files: StateFiles }> {
  const { options, log } = context;
  const simulator = forkChild(new URL("./simulator-process.ts", import.meta.url));
  try {
    const started = await simulator.call<SimulatorStarted>("start", { source: state.source, latencyMs: options.latencyMs });
    const { url, token } = started;
    log(`${state.name}: simulator up (${started.counts.users} users); snapshot × ${options.repeats}`);

    await simulator.call("reset");
    const { measure: snapshot, snapshot: taken } = await measureSnapshot(url, token, {
      runs: options.repeats,
      latencyMs: options.latencyMs,
      concurrency: options.concurrency,
    });
    // The client's count and the simulator's must agree, or one of them counts something else.
    const served = await simulator.call<number>("requests");
    const counted = snapshot.requestsPerRun.reduce((sum, count) => sum + count, snapshot.warmUpRequests);
    if (served !== counted) throw new Error(`the simulator served ${served} requests, the client counted ${counted}`);
    await simulator.call("latency", { ms: 0 });
    const { measure: unhurried } = await measureSnapshot(url, token, {
      runs: options.repeats,
      latencyMs: 0,
      concurrency: options.concurrency,
    });
    snapshot.wallAtZeroLatencyMs = unhurried.wallMs.median;
    await simulator.call("latency", { ms: options.latencyMs });

    const snapshotJson = renderSnapshotJson(taken);
    const snapshotFile = join(context.workDir, `${state.name}-snapshot.json`);
    await writeFile(snapshotFile, snapshotJson);
    // The runbook's own state is checked against the runbook itself; a generated one against what
    // `ak-access report` writes for it (all three tables, no matrix or notices).
    const runbook =
      state.source.kind === "file"
        ? await readFile(state.source.runbookFile, "utf8")
        : context.renderer.quickReference(toQuickReferenceView(taken, { baseline: null, sections: { matrix: false, notices: false } }));
    const runbookFile = join(context.workDir, `${state.name}-runbook.md`);
    await writeFile(runbookFile, runbook);

    log(`${state.name}: stages × ${options.repeats}`);
    const stages = measureStages({
      snapshot: taken,
      snapshotJson,
      runbook,
      runbookFile,
      renderer: context.renderer,
      repeats: options.repeats,
    });
    log(`${state.name}: check --snapshot × ${options.repeats}`);
    const check = await measureCheck(snapshotFile, runbookFile, options.repeats, context.rusage);
    log(`${state.name}: the runbook's loop and the object-by-object refresh`);
    const runbookLoop = await measureRunbookLoop(url, token, snapshot.wallMs.median);
    const objectRefresh = await measureObjectRefresh(url, token, taken, {
      concurrency: options.concurrency,
      snapshotMs: snapshot.wallMs.median,
    });
    log(`${state.name}: service, ${options.warmupAudits} + ${options.audits} audits (at most ${options.auditBudgetSeconds} s of them)`);
    const service = await measureService(
      { url, token, runbookFile },
      {
        repeats: Math.max(3, options.repeats),
        warmupAudits: options.warmupAudits,
        audits: options.audits,
        auditBudgetMs: options.auditBudgetSeconds * 1000,
        concurrency: options.concurrency,
      },
    );
    return {
      result: {
        name: state.name,
        counts: started.counts,
        files: { runbookBytes: Buffer.byteLength(runbook), snapshotBytes: Buffer.byteLength(snapshotJson) },
        snapshot,
        runbookLoop,
        objectRefresh,
        stages,
        check,
        service,
      },
      files: { snapshotFile, runbookFile },
    };
  } finally {
    await simulator.stop();
  }
}
