import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AuthentikApiError, createAuthentikClient } from "../../src/authentik/index.js";
import { Secret } from "../../src/secret.js";
import { createSimulatorApp, createSimulatorRuntime } from "../../src/simulator/index.js";
import { ADMIN_TOKEN, smallState } from "../fixtures/small-state.js";

// A private CA, as people run authentik behind: a self-signed certificate for 127.0.0.1 made with
// openssl, served by the simulator over https.
let server: ServerType;
let url: string;
let caPem: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "ak-access-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-subj",
      "/CN=authentik.test",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  caPem = readFileSync(join(dir, "cert.pem"), "utf8");
  const app = createSimulatorApp(createSimulatorRuntime(smallState()));
  server = await new Promise<ServerType>((resolve) => {
    const started = serve(
      {
        fetch: app.fetch,
        port: 0,
        hostname: "127.0.0.1",
        createServer,
        serverOptions: { key: readFileSync(join(dir, "key.pem")), cert: caPem },
      },
      () => resolve(started),
    );
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

describe("authentik/create-authentik-client over TLS", () => {
  it("fails with one clear sentence when the certificate is not trusted", async () => {
    const client = createAuthentikClient({ baseUrl: url, token: new Secret(ADMIN_TOKEN), readOnly: true, retries: 0 });

    const error = await client.get("/admin/version/", z.object({})).catch((reason: unknown) => reason);
    await client.close();

    expect(error).toBeInstanceOf(AuthentikApiError);
    expect((error as AuthentikApiError).failure).toBe("tls");
    expect((error as Error).message).toMatch(
      new RegExp(
        `^TLS connection to ${url.replace(/\./g, "\\.")} failed: DEPTH_ZERO_SELF_SIGNED_CERT .*; for a private CA, pass its bundle with AK_ACCESS_CA_FILE or --ca-file$`,
      ),
    );
  });

  it("trusts the extra CA bundle", async () => {
    const client = createAuthentikClient({ baseUrl: url, token: new Secret(ADMIN_TOKEN), readOnly: true, ca: caPem });

    const version = await client.get("/admin/version/", z.object({ version_current: z.string() }));
    await client.close();

    expect(version.version_current).toBe("2026.5.6");
  });
});
