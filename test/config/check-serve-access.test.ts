import { describe, expect, it } from "vitest";
import { ConfigError, checkServeAccess, isLoopbackHost, loadConfig } from "../../src/config/index.js";

describe("config/check-serve-access", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.10.0.3", true],
    ["localhost", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.10", false],
    ["ak-access.internal", false],
  ])("%s is loopback: %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it.each([
    ["loopback without a token", { AK_ACCESS_LISTEN: "127.0.0.1:9851" }],
    ["any address with a token", { AK_ACCESS_LISTEN: "0.0.0.0:9851", AK_ACCESS_HTTP_TOKEN: "0123456789abcdef" }],
    ["any address with AK_ACCESS_HTTP_AUTH=none", { AK_ACCESS_LISTEN: "0.0.0.0:9851", AK_ACCESS_HTTP_AUTH: "none" }],
  ])("lets the service start on %s", (_case, env) => {
    expect(() => checkServeAccess(loadConfig(env))).not.toThrow();
  });

  it.each([
    ["0.0.0.0:9851", "0.0.0.0:9851"],
    ["[::]:9851", "[::]:9851"],
    ["10.0.0.5:80", "10.0.0.5:80"],
  ])("refuses to serve %s without a token, saying how to fix it", (listen, shown) => {
    let error: unknown;
    try {
      checkServeAccess(loadConfig({ AK_ACCESS_LISTEN: listen }));
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        key: "AK_ACCESS_LISTEN (or --listen)",
        value: shown,
        expected:
          "a loopback address such as 127.0.0.1:9851 while no HTTP token is set: beyond loopback anyone who can reach the port would see every person's access; set AK_ACCESS_HTTP_TOKEN or AK_ACCESS_HTTP_TOKEN_FILE (or AK_ACCESS_HTTP_AUTH=none to serve without a token on purpose)",
      },
    ]);
  });
});
