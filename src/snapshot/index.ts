export type * from "./types.js";
export type { TakeSnapshotOptions } from "./take-snapshot.js";
export { buildSnapshot } from "./build-snapshot.js";
export { renderSnapshotJson, parseSnapshotJson } from "./snapshot-json.js";

/**
 * Read a snapshot from authentik (see take-snapshot.ts). Loaded on first use: commands that work from
 * a saved snapshot (`--snapshot FILE`) then never load the client's schemas and zod (130 ms of CPU).
 */
export async function takeSnapshot(
  ...args: Parameters<typeof import("./take-snapshot.js").takeSnapshot>
): Promise<import("./types.js").Snapshot> {
  const { takeSnapshot: take } = await import("./take-snapshot.js");
  return take(...args);
}
