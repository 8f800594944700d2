import { BaselineError, parseBaseline } from "../baseline/index.js";
import type { Baseline } from "../baseline/index.js";
import { AuditorError } from "../errors.js";
import { readRunbook } from "../read-runbook.js";

/** Read (at most `maxBytes`) and parse the runbook; every problem at once as a BaselineError (exit 2). */
export async function loadBaselineFile(file: string, maxBytes: number): Promise<{ baseline: Baseline; text: string }> {
  let text: string;
  try {
    text = await readRunbook(file, maxBytes);
  } catch (cause) {
    if (cause instanceof AuditorError) throw cause;
    const code = (cause as { code?: string }).code ?? "unreadable";
    throw new AuditorError("baseline", `${file}: cannot read the baseline runbook (${code}); set AK_ACCESS_BASELINE or --baseline`, {
      cause,
    });
  }
  const parsed = parseBaseline(text, file);
  if (!parsed.baseline) throw new BaselineError(parsed.problems);
  return { baseline: parsed.baseline, text };
}
