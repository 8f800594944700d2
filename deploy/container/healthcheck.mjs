// The image's HEALTHCHECK: GET /healthz where the service listens, as AK_ACCESS_LISTEN says (the same
// host:port forms ak-access accepts), so changing the port does not make a healthy container unhealthy.
const listen = (process.env.AK_ACCESS_LISTEN ?? "127.0.0.1:9851").trim();
const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(listen);
if (!match) {
  console.error(`healthcheck: AK_ACCESS_LISTEN=${listen} is not host:port`);
  process.exit(1);
}
const host = match[1] ?? match[2] ?? "";
// A wildcard address listens on loopback too; ask there.
const target = host === "" || host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;
fetch(`http://${target}:${match[3]}/healthz`, { signal: AbortSignal.timeout(4_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  (error) => {
    console.error(`healthcheck: ${error.message}`);
    process.exit(1);
  },
);
