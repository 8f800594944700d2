import { bench, describe } from "vitest";
import { createAuthentikClient } from "../src/authentik/index.js";
import { Secret } from "../src/secret.js";
import { generateSimulatorState, generatedAdminToken, startSimulator } from "../src/simulator/index.js";
import { takeSnapshot } from "../src/snapshot/index.js";

// A snapshot of a large tenant over real HTTP, with 20 ms of simulated latency per request and the
// default concurrency of 4: the wall time of one audit's reads against a remote authentik.
const LATENCY_MS = 20;
const state = generateSimulatorState({ users: 5_000, groups: 500, applications: 300, bindings: 900, seed: 7 });
const simulator = await startSimulator({ state, latencyMs: LATENCY_MS });
const client = createAuthentikClient({ baseUrl: simulator.url, token: new Secret(generatedAdminToken), readOnly: true, concurrency: 4 });

const started = performance.now();
await takeSnapshot(client);
const wallMs = Math.round(performance.now() - started);
const requests = simulator.requests.length;

describe(`snapshot of 5,000 users, 500 groups, 300 apps, 900 bindings: ${requests} requests, first run ${wallMs} ms`, () => {
  bench(
    `takeSnapshot, ${LATENCY_MS} ms latency, concurrency 4`,
    async () => {
      await takeSnapshot(client);
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );
});
