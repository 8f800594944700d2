// `npm run grafana`: write deploy/grafana/ from scripts/grafana/ (the dashboard and the provisioning
// files). test/deploy/grafana.test.ts fails when the committed files differ from what this writes.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { renderGrafanaFiles } from "./grafana/render-grafana-files.js";

for (const file of renderGrafanaFiles()) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.content);
  console.log(`wrote ${file.path}`);
}
