import { chmod, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { AuditorError } from "../errors.js";
import type { Output } from "./cli-context.js";
import { printData } from "./print-data.js";

export interface WriteOutputOptions {
  /**
   * The text FILE held when it was read: if it holds anything else when the new text is about to
   * replace it, nothing is written (someone edited it meanwhile, and their edit would be lost).
   */
  unchangedFrom?: string;
}

/**
 * Write to FILE atomically (a temporary file beside it, then rename), or to stdout without a file,
 * so a reader never sees half a document and a failed run leaves the old file in place. An existing
 * file keeps its permissions. A failure names FILE and the reason, never the temporary file.
 */
export async function writeOutput(text: string, file: string | undefined, stdout: Output, options: WriteOutputOptions = {}): Promise<void> {
  if (!file || file === "-") {
    printData(stdout, text);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const mode = await stat(file).then(
    (stats) => stats.mode & 0o7777,
    () => null,
  );
  try {
    await writeFile(temporary, text, { encoding: "utf8", flag: "wx" });
    if (mode !== null) await chmod(temporary, mode);
    if (options.unchangedFrom !== undefined && (await readFile(file, "utf8")) !== options.unchangedFrom) {
      throw new AuditorError("output", `${file} changed while its tables were regenerated; nothing was written (run the command again)`);
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if (error instanceof AuditorError) throw error;
    throw new AuditorError("output", `cannot write ${file}: ${describeWriteError(error)}`, { cause: error });
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "its directory does not exist",
  ENOTDIR: "a part of its path is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EISDIR: "it is a directory",
  EEXIST: "a temporary file of the same name is in the way",
};

/** `ENOENT (its directory does not exist)`: the errno and what it means here. */
function describeWriteError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return "unknown error";
  return REASONS[code] ? `${code} (${REASONS[code]})` : code;
}
