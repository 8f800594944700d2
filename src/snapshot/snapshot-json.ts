import { z } from "zod";
import { AuditorError } from "../errors.js";
import type { Snapshot } from "./types.js";

/** The snapshot as a file: two-space JSON with a final newline, stable for diffs and hashes. */
export function renderSnapshotJson(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

const SnapshotFile = z.object({
  schemaVersion: z.literal(1),
  takenAt: z.iso.datetime({ offset: true }),
  source: z.object({ url: z.string(), authentikVersion: z.string().nullable() }),
  settings: z.object({ defaultAppAccess: z.boolean(), defaultAppAccessKnown: z.boolean() }),
  users: z.array(
    z.object({
      pk: z.number().int(),
      username: z.string(),
      name: z.string(),
      isActive: z.boolean(),
      isSuperuser: z.boolean(),
      type: z.string(),
    }),
  ),
  groups: z.array(
    z.object({
      pk: z.string(),
      name: z.string(),
      isSuperuser: z.boolean(),
      parents: z.array(z.string()),
      members: z.array(z.number().int()),
    }),
  ),
  applications: z.array(z.object({ pk: z.string(), slug: z.string(), name: z.string(), policyEngineMode: z.enum(["any", "all"]) })),
  bindings: z.array(
    z.object({
      pk: z.string(),
      target: z.string(),
      kind: z.enum(["group", "user", "policy"]),
      group: z.string().nullable(),
      user: z.number().int().nullable(),
      policy: z.string().nullable(),
      policyName: z.string().nullable(),
      enabled: z.boolean(),
      negate: z.boolean(),
      order: z.number().int(),
      expires: z.string().nullable().optional(),
    }),
  ),
  completeness: z.object({ complete: z.boolean(), problems: z.array(z.string()) }),
});

/** Read a saved snapshot (`--snapshot FILE`), checking every field; a bad file names itself and the field. */
export function parseSnapshotJson(text: string, file: string): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AuditorError("snapshot", `${file}: not a snapshot: invalid JSON (${(cause as Error).message})`, { cause });
  }
  const parsed = SnapshotFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${file}: ${issue.path.join(".") || "(document)"}: ${issue.message}`);
    throw new AuditorError("snapshot", `not a valid ak-access snapshot (schemaVersion 1):\n${problems.join("\n")}`, {
      cause: parsed.error,
    });
  }
  return parsed.data as Snapshot;
}
