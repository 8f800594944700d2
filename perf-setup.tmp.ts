import { writeFileSync } from "node:fs";
import { createAuthentikClient } from "./src/authentik/index.js";
import { Secret } from "./src/secret.js";
import { generateSimulatorState, generatedAdminToken, startSimulator } from "./src/simulator/index.js";
import { renderSnapshotJson, takeSnapshot } from "./src/snapshot/index.js";
import { createReportRenderer, toQuickReferenceView } from "./src/report/index.js";
for (const [name, size] of [["5k", { users: 5_000, groups: 500, applications: 300, bindings: 900, seed: 1 }], ["50k", { users: 50_000, groups: 2_000, applications: 1_000, bindings: 5_000, seed: 1 }]] as const) {
  const state = generateSimulatorState(size);
  const sim = await startSimulator({ state, cacheLookups: true });
  const client = createAuthentikClient({ baseUrl: sim.url, token: new Secret(generatedAdminToken), readOnly: true });
  const snapshot = await takeSnapshot(client);
  await client.close(); await sim.close();
  writeFileSync(`/tmp/perf/${name}-snapshot.json`, renderSnapshotJson(snapshot));
  writeFileSync(`/tmp/perf/${name}-runbook.md`, createReportRenderer().quickReference(toQuickReferenceView(snapshot, { baseline: null, sections: { matrix: false, notices: false } })));
  console.log(name, "done");
}
