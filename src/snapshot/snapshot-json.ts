import { AuditorError } from "../errors.js";
import { checkSnapshotShape } from "./check-snapshot-shape.js";
import type { Snapshot } from "./types.js";

/** The snapshot as a file: two-space JSON with a final newline, stable for diffs and hashes. */
export function renderSnapshotJson(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

/** Read a saved snapshot (`--snapshot FILE`), checking every field; a bad file names itself and the field. */
export function parseSnapshotJson(text: string, file: string): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AuditorError("snapshot", `${file}: not a snapshot: invalid JSON (${(cause as Error).message})`, { cause });
  }
  const problem = checkSnapshotShape(json);
  if (problem !== null) throw new AuditorError("snapshot", `${file}: not a valid ak-access snapshot (schemaVersion 1): ${problem}`);
  return json as Snapshot;
}
