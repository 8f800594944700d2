export type * from "./types.js";
export { readRecentEvents, describeFailure as describeEventLogFailure, VIEW_EVENT_HINT } from "./read-recent-events.js";
export type { ReadRecentEventsOptions } from "./read-recent-events.js";
export { pollNewEvents } from "./poll-new-events.js";
export type { EventCursor, PolledEvents, PollOptions } from "./poll-new-events.js";
export { attributeFindings } from "./attribute-findings.js";
export { isAccessRelevant, normaliseEventPk, parseEventTime, toAuthentikEvent } from "./to-authentik-event.js";
export { summarizeAttribution, formatWindow } from "./summarize-attribution.js";
export type { AttributionSummary } from "./summarize-attribution.js";
