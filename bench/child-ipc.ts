import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The simulator and the service each run in a child process of the benchmark: the simulator so that its
 * CPU does not share the client's event loop (which would inflate the snapshot's wall time), the
 * service so that its RSS is its own. Calls go over the IPC channel as `{ id, type, payload }`.
 */
export interface ChildHandle {
  readonly pid: number;
  call<T>(type: string, payload?: unknown): Promise<T>;
  /** Asks the child to stop (its `stop` handler), then waits for it to exit; kills it after 10 s. */
  stop(): Promise<void>;
}

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

type Handlers = Record<string, (payload: unknown) => unknown>;

/** Starts `script` (a bench/*.ts module, run by the same TypeScript loader as this process). */
export function forkChild(script: URL, extraExecArgv: readonly string[] = []): ChildHandle {
  // process.execArgv carries tsx's loader flags, so the child can run TypeScript too.
  const child = fork(fileURLToPath(script), [], { execArgv: [...process.execArgv, ...extraExecArgv], stdio: "inherit" });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      for (const { reject } of pending.values()) reject(new Error(`${script.pathname} exited (${signal ?? code}) during a call`));
      pending.clear();
      resolve();
    });
  });
  child.on("message", (message: Reply) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(`${script.pathname}: ${message.error}`));
  });

  return {
    pid: child.pid ?? -1,
    call<T>(type: string, payload?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`${script.pathname} is not running`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, type, payload });
      });
    },
    async stop() {
      if (exited) return;
      await this.call("stop").catch(() => undefined);
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** The child's side: answers each call with its handler's value, or the error's stack. Exits with the parent. */
export function answerParent(handlers: Handlers): void {
  process.on("message", async (message: { id: number; type: string; payload: unknown }) => {
    const handler = handlers[message.type];
    try {
      if (!handler) throw new Error(`no handler for "${message.type}"`);
      const value = await handler(message.payload);
      process.send?.({ id: message.id, ok: true, value } satisfies Reply);
    } catch (error) {
      process.send?.({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies Reply);
    }
  });
  // A parent that died or finished takes its children with it.
  process.on("disconnect", () => process.exit(0));
}
