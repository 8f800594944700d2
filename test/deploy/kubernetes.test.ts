import { readFileSync } from "node:fs";
import { PrometheusRule, ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { renderKubernetesFiles } from "../../scripts/kubernetes/render-kubernetes-files.js";

const DIR = "deploy/kubernetes";
const rulesText = readFileSync("deploy/prometheus/ak-access-rules.yml", "utf8");

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [key: string]: unknown;
}

const kustomization = parse(readFileSync(`${DIR}/kustomization.yaml`, "utf8")) as {
  resources: string[];
  configMapGenerator: { name: string; literals: string[] }[];
};
const manifests: Manifest[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(`${DIR}/${file}`, "utf8")).map((document) => document.toJS() as Manifest),
);
/** A manifest by kind, typed as whatever model constructor takes it (the schema validation checks it). */
const byKind = (kind: string): never => manifests.find((manifest) => manifest.kind === kind) as never;
// What kustomize's configMapGenerator makes of the literals (without its hash suffix).
const generated: Manifest[] = kustomization.configMapGenerator.map((generator) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: generator.name },
  data: Object.fromEntries(
    generator.literals.map((literal) => [literal.slice(0, literal.indexOf("=")), literal.slice(literal.indexOf("=") + 1)]),
  ),
}));

// The models' JSON schemas (Kubernetes 1.27's, and the Prometheus Operator's CRDs).
const MODELS: Record<string, (data: never) => { validate(): void }> = {
  "apps/v1 Deployment": (data) => new Deployment(data),
  "v1 Service": (data) => new Service(data),
  "v1 ConfigMap": (data) => new ConfigMap(data),
  "monitoring.coreos.com/v1 ServiceMonitor": (data) => new ServiceMonitor(data),
  "monitoring.coreos.com/v1 PrometheusRule": (data) => new PrometheusRule(data),
};

describe("deploy/kubernetes", () => {
  it("is exactly what `npm run kubernetes` generates, its PrometheusRule from the shipped rules file", () => {
    const files = renderKubernetesFiles(rulesText);

    expect(files.map((file) => file.path)).toEqual(
      ["deployment.yaml", "service.yaml", "servicemonitor.yaml", "prometheusrule.yaml", "kustomization.yaml"].map(
        (file) => `${DIR}/${file}`,
      ),
    );
    for (const file of files) expect(readFileSync(file.path, "utf8"), `${file.path} is stale: run npm run kubernetes`).toBe(file.content);
    expect(new PrometheusRule(byKind("PrometheusRule")).spec).toEqual({ groups: (parse(rulesText) as { groups: unknown }).groups });
  });

  it("validates every manifest of the base, and the generated ConfigMap, against its schema", () => {
    const all = [...manifests, ...generated];

    expect(all.map((manifest) => `${manifest.apiVersion} ${manifest.kind}`).sort()).toEqual(Object.keys(MODELS).sort());
    for (const manifest of all) {
      const model = MODELS[`${manifest.apiVersion} ${manifest.kind}`];
      expect(model, manifest.kind).toBeDefined();
      expect(() => model?.(manifest as never).validate(), manifest.kind).not.toThrow();
    }
  });

  it("rejects a manifest that breaks the schema (the validation is real)", () => {
    const broken = structuredClone(byKind("Deployment")) as { spec: { replicas: unknown } };
    broken.spec.replicas = "one";

    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas must be integer/);
  });

  it("runs one auditor under the restricted Pod Security Standard, with probes and resources", () => {
    const deployment = new Deployment(byKind("Deployment"));
    const pod = deployment.spec?.template.spec;
    const container = pod?.containers[0];

    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.strategy?.type).toBe("Recreate");
    expect(pod?.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      fsGroup: 1000,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod?.volumes?.every((volume) => volume.secret || volume.configMap || volume.emptyDir)).toBe(true);
    expect(container?.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container?.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "http" });
    expect(container?.ports).toEqual([{ name: "http", containerPort: 9851, protocol: "TCP" }]);
    expect(container?.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container?.resources?.limits).toMatchObject({ memory: expect.any(String) });
  });

  it("reads the tokens from the Secret and the runbook from the ConfigMap it mounts, and scrapes with the same HTTP token", () => {
    const pod = new Deployment(byKind("Deployment")).spec?.template.spec;
    const container = pod?.containers[0];
    const env = Object.fromEntries((container?.env ?? []).map((variable) => [variable.name, variable.value]));
    const mountOf = (volume: string) => container?.volumeMounts?.find((mount) => mount.name === volume)?.mountPath;
    const secret = pod?.volumes?.find((volume) => volume.secret)?.secret;
    const runbook = pod?.volumes?.find((volume) => volume.configMap)?.configMap;
    const monitor = new ServiceMonitor(byKind("ServiceMonitor"));
    const service = new Service(byKind("Service"));

    expect(env).toMatchObject({
      AUTHENTIK_TOKEN_FILE: `${mountOf("secrets")}/authentik-token`,
      AK_ACCESS_HTTP_TOKEN_FILE: `${mountOf("secrets")}/http-token`,
      AK_ACCESS_BASELINE: `${mountOf("runbook")}/access-groups.md`,
      AK_ACCESS_LISTEN: "0.0.0.0:9851",
    });
    expect(secret).toEqual({ secretName: "ak-access", defaultMode: 0o440 });
    expect(runbook).toEqual({ name: "ak-access-runbook" });
    expect(container?.envFrom).toEqual([{ configMapRef: { name: kustomization.configMapGenerator[0]?.name } }]);
    expect(generated[0]?.data).toMatchObject({ AUTHENTIK_URL: "https://auth.example.com", AK_ACCESS_SCHEDULE: "*/5 * * * *" });
    expect(monitor.spec.endpoints?.[0]).toMatchObject({
      port: "http",
      path: "/metrics",
      authorization: { type: "Bearer", credentials: { name: "ak-access", key: "http-token" } },
    });
    expect(monitor.spec.selector.matchLabels).toEqual(service.metadata?.labels);
    expect(service.spec?.selector).toEqual(new Deployment(byKind("Deployment")).spec?.template.metadata?.labels);
    expect(service.spec?.publishNotReadyAddresses).toBe(true);
  });

  it("says in its README: one auditor per authentik instance", () => {
    const readme = readFileSync(`${DIR}/README.md`, "utf8");

    expect(readme).toContain("One auditor per authentik instance");
    expect(readme).toContain("kubectl apply -k");
  });
});
