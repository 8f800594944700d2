import type { Logger } from "../logger.js";

export interface Shutdown {
  /** Resolves once a SIGTERM or SIGINT has arrived and `stop` has finished. */
  stopOnSignal(stop: () => Promise<void>): Promise<void>;
}

/**
 * Listen for SIGTERM and SIGINT from the start (so a signal during start-up is not lost): the first one
 * runs `stop`; a second one while stopping exits at once (the operator means it).
 */
export function listenForShutdown(logger: Logger): Shutdown {
  let stopping = false;
  let onFirst: ((signal: NodeJS.Signals) => void) | null = null;
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    stopping = true;
    logger.info({ signal }, "stopping");
    if (onFirst) onFirst(signal);
    else received = signal;
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  const release = () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };

  return {
    stopOnSignal(stop) {
      return new Promise<void>((resolve, reject) => {
        const run = () =>
          stop().then(() => {
            release();
            resolve();
          }, reject);
        if (received) run();
        else onFirst = run;
      });
    },
  };
}
