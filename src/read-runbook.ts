import { open } from "node:fs/promises";
import { AuditorError } from "./errors.js";

const CHUNK_BYTES = 64 * 1024;

/**
 * The runbook's text, refusing one larger than `maxBytes` before reading it (a runbook of several
 * megabytes is not a runbook, and parsing one takes seconds and hundreds of megabytes). I/O errors
 * are rethrown as they are, for the caller to word.
 */
export async function readRunbook(file: string, maxBytes: number): Promise<string> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(file, `${size} bytes, more than`, maxBytes);
    // Count what arrives too: the file may have grown since `stat`, or be a pipe without a size.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, "more than", maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string, actual: string, maxBytes: number): AuditorError {
  return new AuditorError(
    "baseline",
    `${file}: the runbook is ${actual} the limit of ${maxBytes} bytes (AK_ACCESS_MAX_RUNBOOK_BYTES / --max-runbook-bytes)`,
  );
}
