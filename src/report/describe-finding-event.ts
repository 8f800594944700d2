import type { FindingEvent } from "../diff/index.js";

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
  return `${verb} by ${who} at ${formatEventTime(event.at)}${from}`.replace(CONTROL, "?");
}

/** `2026-11-30 14:02 UTC`; a time that does not parse is shown as sent. */
function formatEventTime(at: string): string {
  const millis = Date.parse(at);
  if (Number.isNaN(millis)) return at;
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
