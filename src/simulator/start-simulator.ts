import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSimulatorApp } from "./create-simulator-app.js";
import { createSimulatorRuntime, type SimulatorAccessOverride, type SimulatorRequest } from "./create-simulator-runtime.js";
import type { SimulatorFault } from "./select-fault.js";
import type { SimulatorState } from "./simulator-state.js";
import { validateSimulatorState } from "./validate-simulator-state.js";

/** A running simulator on a real socket. */
export interface Simulator {
  /** "http://127.0.0.1:PORT"; the API is at `url + "/api/v3"`. */
  readonly url: string;
  /** Every request in arrival order (method, path, query, status; never headers). */
  readonly requests: SimulatorRequest[];
  /**
   * The live state. Writes through the API mutate it; tests may edit it in place between
   * requests. Assigning validates, like `setState`.
   */
  state: SimulatorState;
  /** Validates and replaces the state (throws `SimulatorStateError`). */
  setState(state: SimulatorState): void;
  addFault(fault: SimulatorFault): void;
  clearFaults(): void;
  /**
   * Make `check_access` (and the `for_user` application list) answer `passing` for one user and app,
   * whatever the bindings say: a deliberate disagreement with the policy engine, to test `verify`.
   */
  overrideAccess(override: SimulatorAccessOverride): void;
  clearAccessOverrides(): void;
  /** Extra delay before every answer. */
  setLatency(ms: number): void;
  /** Stops listening, drops open connections and ends pending delays. */
  close(): Promise<void>;
}

export interface StartSimulatorOptions {
  state: SimulatorState;
  latencyMs?: number;
  /** Default 0: any free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Clock for binding expiry; default the real time. */
  now?: () => Date;
  /** Called after every answered request, with the state already changed by it (see `SimulatorRuntime.onAnswered`). */
  onAnswered?: (request: SimulatorRequest) => void;
  /**
   * Keep lookups and sorted lists across requests until `setState` or a write (for benchmarks on
   * large states). Default false: tests may edit `state` in place between requests.
   */
  cacheLookups?: boolean;
}

export async function startSimulator(options: StartSimulatorOptions): Promise<Simulator> {
  validateSimulatorState(options.state);
  const host = options.host ?? "127.0.0.1";
  const closing = new AbortController();
  const runtime = createSimulatorRuntime(options.state, {
    latencyMs: options.latencyMs,
    now: options.now,
    signal: closing.signal,
    onAnswered: options.onAnswered,
    cacheLookups: options.cacheLookups,
  });
  const app = createSimulatorApp(runtime);

  const { server, address } = await new Promise<{ server: Server; address: AddressInfo }>((resolve, reject) => {
    const started = serve(
      // Keep the global Request/Response untouched: the process under test shares them.
      { fetch: app.fetch, port: options.port ?? 0, hostname: host, overrideGlobalObjects: false },
      (info) => resolve({ server: started as Server, address: info }),
    );
    started.once("error", reject);
  });

  // The caller's object stays the live state (validation only checks it), so edits to it show.
  function replaceState(state: SimulatorState): void {
    validateSimulatorState(state);
    runtime.state = state;
  }

  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    requests: runtime.requests,
    get state() {
      return runtime.state;
    },
    set state(state: SimulatorState) {
      replaceState(state);
    },
    setState(state) {
      replaceState(state);
    },
    addFault(fault) {
      // A copy, so adding the same object twice makes two independent faults.
      runtime.faults.push({ ...fault });
    },
    clearFaults() {
      runtime.faults.length = 0;
    },
    overrideAccess(override) {
      runtime.accessOverrides.push({ ...override });
    },
    clearAccessOverrides() {
      runtime.accessOverrides.length = 0;
    },
    setLatency(ms) {
      runtime.latencyMs = ms;
    },
    close() {
      closing.abort();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
