import { readFile } from "node:fs/promises";
import { loadConfig } from "../config/index.js";
import type { Config } from "../config/index.js";
import { AuditorError } from "../errors.js";
import { parseSnapshotJson, takeSnapshot } from "../snapshot/index.js";
import type { Snapshot } from "../snapshot/index.js";
import type { CliContext, GlobalOptions } from "./cli-context.js";

export function configFrom(options: GlobalOptions, context: CliContext): Readonly<Config> {
  return loadConfig(context.env, {
    url: options.url,
    tokenFile: options.tokenFile,
    baseline: options.baseline,
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    caFile: options.caFile,
    logLevel: options.logLevel,
    maxResponseBytes: options.maxResponseBytes,
    maxRunbookBytes: options.maxRunbookBytes,
  });
}

/** `--snapshot FILE` reads a saved snapshot; otherwise a live, read-only snapshot of authentik. */
export async function loadLiveOrSavedSnapshot(options: GlobalOptions, context: CliContext): Promise<Snapshot> {
  if (options.snapshot) {
    let text: string;
    try {
      text = await readFile(options.snapshot, "utf8");
    } catch (cause) {
      throw new AuditorError(
        "snapshot",
        `${options.snapshot}: cannot read the snapshot file (${(cause as { code?: string }).code ?? "unreadable"})`,
        { cause },
      );
    }
    return parseSnapshotJson(text, options.snapshot);
  }
  const config = configFrom(options, context);
  // The client (undici, zod, pino) is loaded only when authentik is read: a saved snapshot needs none of it.
  const { connect } = await import("./connect-authentik.js");
  const client = connect(config, context, "read-only");
  try {
    return await takeSnapshot(client, { now: context.now });
  } finally {
    await client.close();
  }
}
