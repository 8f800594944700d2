export type * from "./types.js";
export { takeSnapshot } from "./take-snapshot.js";
export type { TakeSnapshotOptions } from "./take-snapshot.js";
export { buildSnapshot } from "./build-snapshot.js";
export { renderSnapshotJson, parseSnapshotJson } from "./snapshot-json.js";
