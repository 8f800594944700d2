import { createAuthentikClient } from "../src/authentik/index.js";
import { Secret } from "../src/secret.js";
import { takeSnapshot } from "../src/snapshot/index.js";
import type { Snapshot } from "../src/snapshot/index.js";
import { median } from "./stats.js";

/** The page size the client asks for (authentik caps it at 100 from 2025.12). */
const PAGE_SIZE = 100;
/** `/admin/version/`, `/core/users/me/`, `/admin/settings/`. */
const SINGLE_CALLS = 3;

export interface SnapshotMeasure {
  /** Requests `takeSnapshot` made (the client's own count, retries included), the most of any run. */
  requests: number;
  requestsPerRun: number[];
  /** Requests of the warm-up run, which is not measured. */
  warmUpRequests: number;
  /** The fewest requests possible: the single calls plus ceil(count / 100) pages per list (at least one). */
  pageFloor: number;
  pages: { users: number; groups: number; applications: number; bindings: number };
  latencyFloorMs: number;
  wallMs: { runs: number[]; median: number };
  /** Wall time over the latency floor (median run). */
  floorRatio: number;
  /** CPU of this process (the client) during the median run: parsing and validating pages, building the snapshot. */
  clientCpuMs: number;
  /**
   * Median wall time with the simulator's latency set to 0: what the client and the simulator's own work
   * cost without waiting. On a busy machine it shows how much of the ratio is CPU rather than latency.
   */
  wallAtZeroLatencyMs: number;
}

export function pagesOf(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

/**
 * The least wall time a snapshot can take at `concurrency` requests in flight when every request takes
 * `latencyMs`, given the only dependency there is: a list's later pages can start only once its first
 * page has said how many pages there are. Everything else (the three single calls, the four first
 * pages) can start at once, so all R = 3 + sum(pages) requests need ceil(R / concurrency) rounds, and
 * at least two when any list has a second page:
 *
 *   floor = latency * max(ceil(R / concurrency), any list with more than one page ? 2 : 1)
 *
 * Server and client CPU time are taken as zero, which no real run reaches.
 */
export function latencyFloorMs(pages: readonly number[], latencyMs: number, concurrency: number): number {
  const requests = SINGLE_CALLS + pages.reduce((sum, count) => sum + count, 0);
  const chain = pages.some((count) => count > 1) ? 2 : 1;
  return latencyMs * Math.max(Math.ceil(requests / concurrency), chain);
}

/**
 * `takeSnapshot` against the simulator, `runs` times with a fresh client each (as a CLI run has),
 * after one run that is not counted: the first in a process also loads undici and compiles the
 * client, which is start-up (measured with `--version` and `check --snapshot`), not the network part.
 */
export async function measureSnapshot(
  url: string,
  token: string,
  options: { runs: number; latencyMs: number; concurrency: number },
): Promise<{ measure: SnapshotMeasure; snapshot: Snapshot }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  const requestCounts: number[] = [];
  let snapshot: Snapshot | null = null;
  let warmUpRequests = 0;
  for (let run = -1; run < options.runs; run += 1) {
    let requests = 0;
    const client = createAuthentikClient({
      baseUrl: url,
      token: new Secret(token),
      readOnly: true,
      concurrency: options.concurrency,
      onRequest: () => {
        requests += 1;
      },
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    snapshot = await takeSnapshot(client);
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    await client.close();
    if (run < 0) {
      warmUpRequests = requests;
      continue;
    }
    walls.push(wall);
    cpus.push((used.user + used.system) / 1000);
    requestCounts.push(requests);
  }
  if (!snapshot) throw new Error("no snapshot was taken");
  if (!snapshot.completeness.complete) throw new Error(`the snapshot is incomplete: ${snapshot.completeness.problems.join("; ")}`);

  const pages = {
    users: pagesOf(snapshot.users.length),
    groups: pagesOf(snapshot.groups.length),
    applications: pagesOf(snapshot.applications.length),
    bindings: pagesOf(snapshot.bindings.length),
  };
  const floor = latencyFloorMs(Object.values(pages), options.latencyMs, options.concurrency);
  const wallMedian = median(walls);
  return {
    snapshot,
    measure: {
      requests: Math.max(...requestCounts),
      requestsPerRun: requestCounts,
      warmUpRequests,
      pageFloor: SINGLE_CALLS + Object.values(pages).reduce((sum, count) => sum + count, 0),
      pages,
      latencyFloorMs: floor,
      wallMs: { runs: walls, median: wallMedian },
      floorRatio: floor > 0 ? wallMedian / floor : Number.NaN,
      clientCpuMs: median(cpus),
      wallAtZeroLatencyMs: Number.NaN,
    },
  };
}
