/**
 * Child process: the authentik simulator seeded with one benchmark state, at the benchmark's latency.
 * Lookups are cached across requests (`cacheLookups`): the state never changes during a run, and a
 * 50,000-user page would otherwise cost the simulator more CPU than the latency being measured.
 */
import { generateSimulatorState, loadSimulatorState, startSimulator } from "../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../src/simulator/index.js";
import type { StateSource } from "./bench-states.js";
import { answerParent } from "./child-ipc.js";

export interface SimulatorStarted {
  url: string;
  /** A superuser's token: the first token of the state. */
  token: string;
  counts: { users: number; groups: number; nestedGroups: number; applications: number; bindings: number };
}

let simulator: Simulator | null = null;

answerParent({
  async start(payload) {
    const { source, latencyMs } = payload as { source: StateSource; latencyMs: number };
    const state: SimulatorState = source.kind === "file" ? await loadSimulatorState(source.stateFile) : generateSimulatorState(source.size);
    const token = state.tokens[0]?.key;
    if (!token) throw new Error("the state has no token");
    simulator = await startSimulator({ state, latencyMs, cacheLookups: true });
    return {
      url: simulator.url,
      token,
      counts: {
        users: state.users.length,
        groups: state.groups.length,
        nestedGroups: state.groups.filter((group) => (group.parents ?? []).length > 0).length,
        applications: state.applications.length,
        bindings: state.bindings.length,
      },
    } satisfies SimulatorStarted;
  },
  latency(payload) {
    simulator?.setLatency((payload as { ms: number }).ms);
    return null;
  },
  /** Requests answered so far; the log is cleared with `reset`. */
  requests: () => simulator?.requests.length ?? 0,
  reset() {
    if (simulator) simulator.requests.length = 0;
    return null;
  },
  async stop() {
    await simulator?.close();
    simulator = null;
    return null;
  },
});
