import { PrometheusRule, ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Service } from "kubernetes-models/v1";

/**
 * The kustomize base of deploy/kubernetes/, as typed kubernetes-models objects: the compiler rejects a
 * misspelt field, the models' schemas validate the values (test/deploy/kubernetes.test.ts), and
 * `npm run kubernetes` writes the YAML. One auditor per authentik instance: one replica, Recreate.
 */

export const NAME = "ak-access";
const LABELS = { "app.kubernetes.io/name": NAME };
export const PORT = 9851;
/** The Secret the user creates, and its keys (deploy/kubernetes/README.md). */
export const SECRET = { name: NAME, authentikToken: "authentik-token", httpToken: "http-token" };
/** The ConfigMap holding the runbook, created by the user from their file. */
export const RUNBOOK_CONFIGMAP = { name: "ak-access-runbook", key: "access-groups.md" };
/** The generated ConfigMap of settings (AUTHENTIK_URL, the schedule), merged over by an overlay. */
export const ENV_CONFIGMAP = "ak-access-env";
const SECRETS_DIR = "/run/secrets/ak-access";
const RUNBOOK_DIR = "/data";

export function deployment(): Deployment {
  return new Deployment({
    metadata: { name: NAME, labels: LABELS },
    spec: {
      // One auditor per authentik instance, and never two at once during a rollout: two would double
      // the load on authentik and every alert.
      replicas: 1,
      strategy: { type: "Recreate" },
      revisionHistoryLimit: 3,
      selector: { matchLabels: LABELS },
      template: {
        metadata: { labels: LABELS },
        spec: {
          automountServiceAccountToken: false,
          // Pod Security Standard "restricted". fsGroup makes the Secret's files (mode 0440) readable by
          // the image's `node` user (uid 1000) whoever created them.
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            fsGroup: 1000,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: NAME,
              // Built from the repository's Dockerfile; point it at your registry with
              // `kustomize edit set image ak-access=registry.example.com/ak-access:0.1.0`.
              image: "ak-access:0.1.0",
              imagePullPolicy: "IfNotPresent",
              args: ["serve"],
              envFrom: [{ configMapRef: { name: ENV_CONFIGMAP } }],
              env: [
                { name: "AUTHENTIK_TOKEN_FILE", value: `${SECRETS_DIR}/${SECRET.authentikToken}` },
                { name: "AK_ACCESS_HTTP_TOKEN_FILE", value: `${SECRETS_DIR}/${SECRET.httpToken}` },
                { name: "AK_ACCESS_BASELINE", value: `${RUNBOOK_DIR}/${RUNBOOK_CONFIGMAP.key}` },
                { name: "AK_ACCESS_LISTEN", value: `0.0.0.0:${PORT}` },
              ],
              ports: [{ name: "http", containerPort: PORT, protocol: "TCP" }],
              // /healthz: the process runs. /readyz: a good audit exists (503 until then).
              livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: "/readyz", port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
              resources: {
                requests: { cpu: "50m", memory: "128Mi" },
                limits: { memory: "384Mi" },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [
                { name: "secrets", mountPath: SECRETS_DIR, readOnly: true },
                // A directory mount, not subPath: kubelet then updates the file when the ConfigMap
                // changes, and the service re-reads the runbook at every audit.
                { name: "runbook", mountPath: RUNBOOK_DIR, readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "secrets", secret: { secretName: SECRET.name, defaultMode: 0o440 } },
            { name: "runbook", configMap: { name: RUNBOOK_CONFIGMAP.name } },
            { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
          ],
        },
      },
    },
  });
}

export function service(): Service {
  return new Service({
    metadata: { name: NAME, labels: LABELS },
    spec: {
      selector: LABELS,
      // Scrape the auditor before its first good audit too: a runbook broken since start-up keeps
      // /readyz at 503, and its alert (AkAccessBaselineInvalid) needs the metrics.
      publishNotReadyAddresses: true,
      ports: [{ name: "http", port: PORT, targetPort: "http", protocol: "TCP" }],
    },
  });
}

export function serviceMonitor(): ServiceMonitor {
  return new ServiceMonitor({
    metadata: { name: NAME, labels: LABELS },
    spec: {
      selector: { matchLabels: LABELS },
      endpoints: [
        {
          port: "http",
          path: "/metrics",
          interval: "60s",
          // The findings name applications and groups: the auditor requires its HTTP token.
          authorization: { type: "Bearer", credentials: { name: SECRET.name, key: SECRET.httpToken } },
          relabelings: [
            {
              // instance = <service>.<namespace>.svc:9851, stable across pod restarts; the alerts link to it.
              sourceLabels: ["__meta_kubernetes_service_name", "__meta_kubernetes_namespace"],
              separator: ".",
              targetLabel: "instance",
              replacement: `$1.svc:${PORT}`,
            },
          ],
        },
      ],
    },
  });
}

/** The Prometheus Operator's copy of deploy/prometheus/ak-access-rules.yml: its groups, unchanged. */
export function prometheusRule(groups: unknown[]): PrometheusRule {
  return new PrometheusRule({
    metadata: { name: NAME, labels: LABELS },
    spec: { groups: groups as never },
  });
}

export interface Kustomization {
  apiVersion: "kustomize.config.k8s.io/v1beta1";
  kind: "Kustomization";
  labels: { pairs: Record<string, string> }[];
  resources: string[];
  configMapGenerator: { name: string; literals: string[] }[];
}

export function kustomization(resources: string[]): Kustomization {
  return {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    labels: [{ pairs: { "app.kubernetes.io/part-of": "authentik-access-auditor" } }],
    resources,
    configMapGenerator: [
      {
        name: ENV_CONFIGMAP,
        // Override in an overlay with `behavior: merge` (deploy/kubernetes/README.md).
        literals: ["AUTHENTIK_URL=https://auth.example.com", "AK_ACCESS_SCHEDULE=*/5 * * * *", "AK_ACCESS_LOG_LEVEL=info"],
      },
    ],
  };
}
