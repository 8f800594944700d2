import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { DASHBOARDS_PATH } from "../../scripts/grafana/settings.js";

// There is no Docker engine (nor `docker compose config`) in CI: these tests read the Compose file as
// data and check that what it mounts exists and that the files agree with one another.
const DIR = "deploy/compose";

interface ComposeService {
  build?: string;
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
  ports?: string[];
}

const compose = parse(readFileSync(`${DIR}/docker-compose.yml`, "utf8")) as {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};
const prometheus = parse(readFileSync("deploy/prometheus/prometheus.yml", "utf8")) as {
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: { authorization: { credentials_file: string }; static_configs: { targets: string[] }[] }[];
};
const datasources = parse(readFileSync("deploy/grafana/provisioning/datasources/ak-access.yml", "utf8")) as {
  datasources: { url: string }[];
};

/** [host path, container path] of each bind mount of a service (named volumes left out). */
function bindMounts(service: string): [string, string][] {
  return (compose.services[service]?.volumes ?? [])
    .map((volume) => volume.split(":"))
    .filter(([source]) => source?.startsWith("."))
    .map(([source, target]) => [source ?? "", target ?? ""]);
}

/** The container path of a service's mount of this repository file. */
function mountedAt(service: string, repoPath: string): string | undefined {
  return bindMounts(service).find(([source]) => resolve(DIR, source) === resolve(repoPath))?.[1];
}

describe("deploy/compose", () => {
  it("runs the auditor, Prometheus, Alertmanager and Grafana, built from this repository's Dockerfile", () => {
    expect(Object.keys(compose.services)).toEqual(["ak-access", "prometheus", "alertmanager", "grafana"]);
    expect(existsSync(join(DIR, compose.services["ak-access"]?.build ?? "", "Dockerfile"))).toBe(true);
    for (const service of Object.values(compose.services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it("mounts only files the repository has, besides the runbook and secrets the README has you create", () => {
    const mounted = Object.keys(compose.services).flatMap((service) => bindMounts(service).map(([source]) => source));
    const secretFiles = Object.values(compose.secrets).map((secret) => secret.file);

    expect(mounted.filter((source) => !existsSync(join(DIR, source)))).toEqual(["./runbook"]);
    expect(secretFiles.every((file) => file.startsWith("./secrets/"))).toBe(true);
    const readme = readFileSync(`${DIR}/README.md`, "utf8");
    for (const file of [...secretFiles, "./runbook/access-groups.md"]) expect(readme).toContain(file.slice(2));
    expect(readFileSync(`${DIR}/.gitignore`, "utf8").split("\n")).toEqual(expect.arrayContaining([".env", "secrets/", "runbook/"]));
  });

  it("hands ak-access its tokens and runbook where its environment says, and requires the HTTP token", () => {
    const service = compose.services["ak-access"];
    const env = service?.environment ?? {};

    expect(env.AUTHENTIK_TOKEN_FILE).toBe("/run/secrets/ak_token");
    expect(env.AK_ACCESS_HTTP_TOKEN_FILE).toBe("/run/secrets/ak_access_http_token");
    expect(service?.secrets).toEqual(["ak_token", "ak_access_http_token"]);
    expect(env.AK_ACCESS_BASELINE).toBe(`${bindMounts("ak-access").find(([source]) => source === "./runbook")?.[1]}/access-groups.md`);
    expect(env.AUTHENTIK_URL).toMatch(/^\$\{AUTHENTIK_URL:\?/);
  });

  it("gives Prometheus its config, the rules, the HTTP token, the auditor and Alertmanager under the names the config uses", () => {
    const configAt = mountedAt("prometheus", "deploy/prometheus/prometheus.yml");
    const rulesAt = mountedAt("prometheus", "deploy/prometheus/ak-access-rules.yml");

    expect(configAt).toBe("/etc/prometheus/prometheus.yml");
    expect(prometheus.rule_files.map((file) => `/etc/prometheus/${file}`)).toEqual([rulesAt]);
    expect(prometheus.scrape_configs[0]?.authorization.credentials_file).toBe("/run/secrets/ak_access_http_token");
    expect(compose.services.prometheus?.secrets).toEqual(["ak_access_http_token"]);
    expect(prometheus.scrape_configs[0]?.static_configs[0]?.targets).toEqual(["ak-access:9851"]);
    expect(prometheus.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(["alertmanager:9093"]);
    expect(mountedAt("alertmanager", "deploy/alertmanager/alertmanager.yml")).toBe("/etc/alertmanager/alertmanager.yml");
  });

  it("provisions Grafana with the generated files, the dashboards where the provider looks for them", () => {
    expect(mountedAt("grafana", "deploy/grafana/dashboards")).toBe(DASHBOARDS_PATH);
    for (const kind of ["datasources", "dashboards", "alerting"]) {
      expect(mountedAt("grafana", `deploy/grafana/provisioning/${kind}`)).toBe(`/etc/grafana/provisioning/${kind}`);
    }
    expect(datasources.datasources[0]?.url).toBe("http://prometheus:9090");
    expect(compose.services.grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe("/run/secrets/grafana_admin_password");
  });

  it("documents the three steps and the secret files' ownership", () => {
    const readme = readFileSync(`${DIR}/README.md`, "utf8");

    expect(readme).toContain("## Three steps");
    expect(readme).toContain("docker compose up -d --build");
    expect(readme).toContain("uid 1000");
    expect(readme).toContain("chmod 444 secrets/*");
  });
});
