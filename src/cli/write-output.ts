import { rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Output } from "./cli-context.js";

/**
 * Write to FILE atomically (a temporary file beside it, then rename), or to stdout without a file,
 * so a reader never sees half a document and a failed run leaves the old file in place.
 */
export async function writeOutput(text: string, file: string | undefined, stdout: Output): Promise<void> {
  if (!file || file === "-") {
    stdout.write(text);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  await writeFile(temporary, text, "utf8");
  await rename(temporary, file);
}
