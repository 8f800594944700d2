import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiGroup, AuthentikApiError, createAuthentikClient } from "../../src/authentik/index.js";
import type { AuthentikClient } from "../../src/authentik/index.js";
import { Secret } from "../../src/secret.js";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import { ADMIN_TOKEN, smallState } from "../fixtures/small-state.js";

let simulator: Simulator;
let client: AuthentikClient;

beforeAll(async () => {
  simulator = await startSimulator({ state: smallState(3) });
  client = createAuthentikClient({ baseUrl: simulator.url, token: new Secret(ADMIN_TOKEN), readOnly: false });
});
beforeEach(() => {
  simulator.clearFaults();
  simulator.setState(smallState(3));
});
afterAll(async () => {
  await client.close();
  await simulator.close();
});

async function failure(promise: Promise<unknown>): Promise<AuthentikApiError> {
  const error = await promise.then(
    () => new Error("expected the call to fail"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AuthentikApiError);
  return error as AuthentikApiError;
}

describe("authentik/a 400 answer's field errors", () => {
  it("carries DRF's field errors, and the message quotes every one of them", async () => {
    const error = await failure(client.send("POST", "/core/groups/", ApiGroup, { body: { name: "media-users", users: [999] } }));

    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({
      name: ["Group with this name already exists."],
      users: ['Invalid pk "999" - object does not exist.'],
    });
    expect(error.message).toBe(
      'POST /core/groups/ answered 400 Bad Request: name: "Group with this name already exists."; users: "Invalid pk \\"999\\" - object does not exist."',
    );
  });

  it("reads a field whose error is one string, as some views send it", async () => {
    simulator.addFault({ method: "POST", path: "/api/v3/core/groups/", status: 400, body: { for_user: "User not found" } });

    const error = await failure(client.send("POST", "/core/groups/", ApiGroup, { body: { name: "x" } }));

    expect(error.fieldErrors).toEqual({ for_user: ["User not found"] });
  });

  it("has no field errors for a {detail} body or a body that is not an object of fields", async () => {
    simulator.addFault({ method: "POST", path: "/api/v3/core/groups/", status: 400, body: { detail: "JSON parse error" }, times: 1 });
    simulator.addFault({ method: "POST", path: "/api/v3/core/groups/", status: 400, body: ["Invalid input."], times: 1 });

    const detail = await failure(client.send("POST", "/core/groups/", ApiGroup, { body: {} }));
    const list = await failure(client.send("POST", "/core/groups/", ApiGroup, { body: {} }));

    expect(detail.fieldErrors).toBeUndefined();
    expect(detail.message).toBe('POST /core/groups/ answered 400 Bad Request: "JSON parse error"');
    expect(list.fieldErrors).toBeUndefined();
  });

  it("bounds what a hostile server can put in them", async () => {
    const body = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [`field${index}`, Array.from({ length: 9 }, () => "x".repeat(1000))]),
    );
    simulator.addFault({ method: "POST", path: "/api/v3/core/groups/", status: 400, body });

    const error = await failure(client.send("POST", "/core/groups/", ApiGroup, { body: {} }));

    expect(Object.keys(error.fieldErrors ?? {})).toHaveLength(20);
    expect(error.fieldErrors?.field0).toHaveLength(5);
    expect(error.fieldErrors?.field0?.[0]).toHaveLength(300);
  });
});
