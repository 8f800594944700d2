import type { FindingEvent } from "../diff/index.js";
import { formatUtcTime } from "./format-utc-time.js";

const VERBS: Record<string, string> = { model_created: "created", model_updated: "updated", model_deleted: "deleted" };
// C0 and C1 controls (escape sequences among them) never reach a terminal or a report from here.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * One change from authentik's event log in a short phrase: `deleted by matt at 2026-11-30 14:02 UTC from
 * 10.0.0.7`. Plain text with control characters replaced; each output escapes it further for itself.
 */
export function describeFindingEvent(event: FindingEvent): string {
  const verb = VERBS[event.action] ?? event.action;
  const who = event.username === null ? "an unknown user" : event.username;
  const from = event.clientIp === null ? "" : ` from ${event.clientIp}`;
  return `${verb} by ${who} at ${formatUtcTime(event.at, "minutes")}${from}`.replace(CONTROL, "?");
}
