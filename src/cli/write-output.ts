import { chmod, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Output } from "./cli-context.js";

/**
 * Write to FILE atomically (a temporary file beside it, then rename), or to stdout without a file,
 * so a reader never sees half a document and a failed run leaves the old file in place. An existing
 * file keeps its permissions.
 */
export async function writeOutput(text: string, file: string | undefined, stdout: Output): Promise<void> {
  if (!file || file === "-") {
    stdout.write(text);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const mode = await stat(file).then(
    (stats) => stats.mode & 0o7777,
    () => null,
  );
  try {
    await writeFile(temporary, text, "utf8");
    if (mode !== null) await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
