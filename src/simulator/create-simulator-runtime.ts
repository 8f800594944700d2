import type { StateIndex } from "./create-state-index.js";
import { createStateIndex } from "./create-state-index.js";
import type { SimulatorFault } from "./select-fault.js";
import type { SimulatorState } from "./simulator-state.js";

/** One request as the simulator saw it. Headers (and so tokens) are never recorded. */
export interface SimulatorRequest {
  method: string;
  /** Path without the query, e.g. "/api/v3/core/users/". */
  path: string;
  /** Raw query string without "?", "" when none. */
  query: string;
  /** The status answered; 0 while in flight and for a dropped connection. */
  status: number;
}

/** `check_access` (and the `for_user` app list) answer `passing` for this pair, whatever the bindings say. */
export interface SimulatorAccessOverride {
  username: string;
  slug: string;
  passing: boolean;
}

/**
 * The mutable things an app reads on every request. `startSimulator` owns one; tests that use
 * `app.request()` can build one with `createSimulatorRuntime`.
 */
export interface SimulatorRuntime {
  state: SimulatorState;
  readonly requests: SimulatorRequest[];
  readonly faults: SimulatorFault[];
  /** Deliberate disagreements with the policy engine, for testing `ak-access verify`. */
  readonly accessOverrides: SimulatorAccessOverride[];
  latencyMs: number;
  /** The clock for binding expiry. Default: the real time. */
  now?: () => Date;
  /** When aborted (on close), pending latency and fault delays end at once. */
  signal?: AbortSignal;
  /**
   * Called once a request has been answered (its status is set and any write is in the state), so a
   * test can inspect every intermediate state of a sequence of writes.
   */
  onAnswered?: (request: SimulatorRequest) => void;
  /**
   * Keep the lookups and sorted lists of `state` across requests until the state is replaced or a
   * write arrives, instead of building them per request (a benchmark's 50,000-user pages would
   * otherwise each pay for indexing everything). Edits of the state in place then go unseen.
   */
  cacheLookups?: boolean;
  cachedIndex?: StateIndex | null;
}

export function createSimulatorRuntime(
  state: SimulatorState,
  options: {
    latencyMs?: number;
    now?: () => Date;
    signal?: AbortSignal;
    onAnswered?: (request: SimulatorRequest) => void;
    cacheLookups?: boolean;
  } = {},
): SimulatorRuntime {
  return {
    state,
    requests: [],
    faults: [],
    accessOverrides: [],
    latencyMs: options.latencyMs ?? 0,
    now: options.now,
    signal: options.signal,
    onAnswered: options.onAnswered,
    cacheLookups: options.cacheLookups ?? false,
  };
}

/** A fresh index per request, or with `cacheLookups` the one built for the current state. */
export function indexFor(runtime: SimulatorRuntime): StateIndex {
  if (!runtime.cacheLookups) return createStateIndex(runtime.state);
  if (runtime.cachedIndex?.state !== runtime.state) runtime.cachedIndex = createStateIndex(runtime.state);
  return runtime.cachedIndex;
}
