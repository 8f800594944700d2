import { isIP } from "node:net";
import { ConfigError } from "./config-error.js";
import type { Config } from "./config-types.js";

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and the name `localhost`: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^(0:){7}1$/.test(bare) || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * The service shows who can access what and lets callers start an audit (a full crawl of authentik):
 * beyond loopback it needs an HTTP token, unless `AK_ACCESS_HTTP_AUTH=none` says to serve openly.
 */
export function checkServeAccess(config: Pick<Readonly<Config>, "listen" | "httpToken" | "httpAuth">): void {
  if (config.httpToken || config.httpAuth === "none" || isLoopbackHost(config.listen.host)) return;
  const host = config.listen.host.includes(":") ? `[${config.listen.host}]` : config.listen.host;
  throw new ConfigError([
    {
      key: "AK_ACCESS_LISTEN (or --listen)",
      value: `${host}:${config.listen.port}`,
      expected:
        "a loopback address such as 127.0.0.1:9851 while no HTTP token is set: beyond loopback anyone who can reach the port would see every person's access; set AK_ACCESS_HTTP_TOKEN or AK_ACCESS_HTTP_TOKEN_FILE (or AK_ACCESS_HTTP_AUTH=none to serve without a token on purpose)",
    },
  ]);
}
