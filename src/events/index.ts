export type * from "./types.js";
export type { ReadRecentEventsOptions } from "./read-recent-events.js";
export type { EventCursor, PolledEvents, PollOptions } from "./poll-new-events.js";
export { attributeFindings } from "./attribute-findings.js";
export { isAccessRelevant, normaliseEventPk, parseEventTime, toAuthentikEvent } from "./to-authentik-event.js";
export { summarizeAttribution, formatWindow } from "./summarize-attribution.js";
export type { AttributionSummary } from "./summarize-attribution.js";

// The two readers of authentik's log are loaded on first use, with the client's schemas and zod:
// attributing and summarising (all a saved snapshot needs) does without them.
type ReadRecentEvents = typeof import("./read-recent-events.js").readRecentEvents;
type PollNewEvents = typeof import("./poll-new-events.js").pollNewEvents;

/** The recent access-relevant events (see read-recent-events.ts). */
export async function readRecentEvents(...args: Parameters<ReadRecentEvents>): ReturnType<ReadRecentEvents> {
  return (await import("./read-recent-events.js")).readRecentEvents(...args);
}

/** The events since `cursor` (see poll-new-events.ts). */
export async function pollNewEvents(...args: Parameters<PollNewEvents>): ReturnType<PollNewEvents> {
  return (await import("./poll-new-events.js")).pollNewEvents(...args);
}
