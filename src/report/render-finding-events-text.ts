import type { Finding } from "../diff/index.js";
import { sanitizeTerminalText } from "../text/index.js";
import { describeFindingEvent } from "./describe-finding-event.js";
import type { Paint } from "./paint.js";

/** The lines under a finding in `check` text: one per change of authentik's event log that explains it. */
export function renderFindingEventsText(finding: Finding, indent: string, paint: Paint): string[] {
  return (finding.events ?? []).map((event) => `${indent}${paint("dim", `— ${sanitizeTerminalText(describeFindingEvent(event))}`)}`);
}
