/** authentik's event log, as the auditor reads it (SEMANTICS.md section 4). */

/** What kind of object a model event is about; `other` for everything the audit does not watch. */
export type EventObjectKind = "application" | "group" | "user" | "policybinding" | "policy" | "tenant" | "other";

/** `context.model` of a model event, normalised. */
export interface EventObject {
  kind: EventObjectKind;
  /** Django app label, e.g. `authentik_core`. */
  app: string;
  /** Django model name, e.g. `policybinding`. */
  modelName: string;
  /** A UUID as 32 lowercase hex digits without dashes (as authentik stores it), a number as its digits. */
  pk: string;
  /** The object's `name`, or its `str()` when it has none (a binding: "Binding from Mailcow #0 to Group x"). */
  name: string | null;
}

export interface AuthentikEvent {
  pk: string;
  /** `model_created`, `model_updated`, `model_deleted`, `login`, ... */
  action: string;
  /** `created` as authentik sent it. */
  at: string;
  /** `created` in microseconds since the epoch: authentik's timestamps are finer than a JavaScript Date. */
  atMicros: number;
  username: string | null;
  clientIp: string | null;
  /** The object of a model event, or null. */
  object: EventObject | null;
}

/** What an audit read of the event log, or why it could not. */
export interface EventLog {
  /** False when the log could not be read (a token without `view_event`, an error): findings stay unattributed. */
  readable: boolean;
  /** Model events in the window, newest first. */
  events: AuthentikEvent[];
  /** How far back the read went. */
  windowMs: number;
  /** A sentence for the outputs when attribution is missing or partial, else null. */
  notice: string | null;
}
