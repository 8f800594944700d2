import type { GenerateSimulatorStateOptions } from "../src/simulator/index.js";

/** Where a state comes from: the runbook's own example files, or the simulator's generator. */
export type StateSource =
  | { kind: "file"; stateFile: string; runbookFile: string }
  | { kind: "generated"; size: GenerateSimulatorStateOptions };

export interface BenchState {
  /** What `--state` selects and the JSON is keyed by. */
  name: string;
  source: StateSource;
}

const runbook: BenchState = {
  name: "runbook",
  source: { kind: "file", stateFile: "examples/authentik-state.json", runbookFile: "examples/access-groups.md" },
};

// generateSimulatorState nests about 30 % of the groups under earlier ones (some under two parents)
// at every size, so the 50,000-user state has nested groups as issue 9 asks; the run reports how many.
export const FULL_STATES: readonly BenchState[] = [
  runbook,
  { name: "5k", source: { kind: "generated", size: { users: 5_000, groups: 500, applications: 300, bindings: 900, seed: 1 } } },
  { name: "50k", source: { kind: "generated", size: { users: 50_000, groups: 2_000, applications: 1_000, bindings: 5_000, seed: 1 } } },
];

export const SMOKE_STATES: readonly BenchState[] = [
  runbook,
  { name: "500", source: { kind: "generated", size: { users: 500, groups: 50, applications: 30, bindings: 90, seed: 1 } } },
];

/** The mode's states, or the ones named (from either list). */
export function selectStates(smoke: boolean, names: readonly string[]): BenchState[] {
  const all = [...FULL_STATES, ...SMOKE_STATES.filter((state) => state.name !== "runbook")];
  if (names.length === 0) return [...(smoke ? SMOKE_STATES : FULL_STATES)];
  return names.map((name) => {
    const state = all.find((candidate) => candidate.name === name);
    if (!state) throw new Error(`--state ${name}: expected one of ${all.map((candidate) => candidate.name).join(", ")}`);
    return state;
  });
}
