// `npm run kubernetes`: write the kustomize base in deploy/kubernetes/ from scripts/kubernetes/, its
// PrometheusRule from deploy/prometheus/ak-access-rules.yml. test/deploy/kubernetes.test.ts fails when
// the committed files differ from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { renderKubernetesFiles } from "./kubernetes/render-kubernetes-files.js";

for (const file of renderKubernetesFiles(readFileSync("deploy/prometheus/ak-access-rules.yml", "utf8"))) {
  writeFileSync(file.path, file.content);
  console.log(`wrote ${file.path}`);
}
