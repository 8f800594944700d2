import type { Baseline } from "../baseline/index.js";
import type { Finding, FindingEvent } from "../diff/index.js";
import type { Snapshot, SnapshotBinding } from "../snapshot/index.js";
import { normaliseEventPk } from "./to-authentik-event.js";
import type { AuthentikEvent, EventObjectKind } from "./types.js";

/** The newest few are the ones a person acts on; a group edited fifty times would drown the report. */
const MAX_EVENTS_PER_FINDING = 5;

type ModelAction = "model_created" | "model_updated" | "model_deleted";
const CHANGED: readonly ModelAction[] = ["model_created", "model_updated"];
const DELETED: readonly ModelAction[] = ["model_deleted"];
const UPDATED: readonly ModelAction[] = ["model_updated"];

/**
 * Each finding with the events of authentik's log that explain it, newest first (`[]` when none):
 * a missing binding with the deletion of that binding (by the runbook's pinned pk, else by the name
 * authentik gives a binding, "Binding from <app> #<order> to Group <group>"), a membership change with
 * the updates of its group (authentik does not log which member changed), an application opened with
 * the deletion of its last binding, and a renamed, recreated, undocumented or superuser-changed group
 * or application with its own create, update or delete events. Pure.
 */
export function attributeFindings(
  findings: readonly Finding[],
  events: readonly AuthentikEvent[],
  context: { baseline: Baseline; snapshot: Snapshot },
): Finding[] {
  // A saved snapshot has no event log: nothing to index (the index of 50,000 users costs 20 ms).
  if (events.length === 0) return findings.map((finding) => ({ ...finding, events: [] }));
  const index = createIndex(events, context);
  return findings.map((finding) => ({ ...finding, events: explain(finding, index).slice(0, MAX_EVENTS_PER_FINDING).map(toFindingEvent) }));
}

interface AttributionIndex {
  /** Events on one object, newest first. */
  on(kind: EventObjectKind, pk: string, actions: readonly ModelAction[]): AuthentikEvent[];
  /** Events on objects of a kind whose name passes `test`, newest first. */
  named(kind: EventObjectKind, actions: readonly ModelAction[], test: (name: string) => boolean): AuthentikEvent[];
  context: { baseline: Baseline; snapshot: Snapshot };
  /** The live group the runbook's group of this name is: same pk first, then same name (a recreated group). */
  liveGroupPk(documentedName: string): string | null;
  documentedGroupPk(documentedName: string): string | null;
  /** Names an application goes by: its live name and the runbook's. */
  applicationNames(slug: string): string[];
  /** Names a group goes by: the runbook's and the live one (after a rename). */
  groupNames(documentedName: string): string[];
  liveBindings(slug: string): SnapshotBinding[];
  /** The label the diff gives a binding: the group's name, `user:NAME` or `policy:NAME`. */
  labelsOf(binding: SnapshotBinding): string[];
}

function createIndex(events: readonly AuthentikEvent[], context: { baseline: Baseline; snapshot: Snapshot }): AttributionIndex {
  const byObject = new Map<string, AuthentikEvent[]>();
  for (const event of events) {
    if (!event.object) continue;
    const key = `${event.object.kind}:${event.object.pk}`;
    const list = byObject.get(key);
    if (list) list.push(event);
    else byObject.set(key, [event]);
  }
  const { baseline, snapshot } = context;
  const groupsByPk = new Map(snapshot.groups.map((group) => [normaliseEventPk(group.pk), group]));
  const documentedByName = new Map(baseline.groups.map((group) => [group.name, group]));
  const usernames = new Map(snapshot.users.map((user) => [user.pk, user.username]));

  function liveGroupPk(documentedName: string): string | null {
    const documented = documentedByName.get(documentedName);
    const byPk = documented ? groupsByPk.get(normaliseEventPk(documented.pk)) : undefined;
    const live = byPk ?? snapshot.groups.find((group) => group.name === documentedName);
    return live ? normaliseEventPk(live.pk) : null;
  }

  return {
    context,
    on: (kind, pk, actions) =>
      (byObject.get(`${kind}:${normaliseEventPk(pk)}`) ?? []).filter((event) => actions.includes(event.action as ModelAction)),
    named: (kind, actions, test) =>
      events.filter(
        (event) =>
          event.object?.kind === kind &&
          actions.includes(event.action as ModelAction) &&
          event.object.name !== null &&
          test(event.object.name),
      ),
    liveGroupPk,
    documentedGroupPk: (name) => {
      const documented = documentedByName.get(name);
      return documented ? normaliseEventPk(documented.pk) : null;
    },
    applicationNames: (slug) =>
      unique([
        ...snapshot.applications.filter((app) => app.slug === slug).map((app) => app.name),
        ...baseline.bindings.filter((row) => row.slug === slug).map((row) => row.application),
        ...baseline.unbound.filter((row) => row.slug === slug).map((row) => row.application),
      ]),
    groupNames: (documentedName) => {
      const pk = liveGroupPk(documentedName);
      const live = pk === null ? undefined : groupsByPk.get(pk);
      return unique([documentedName, ...(live ? [live.name] : [])]);
    },
    liveBindings: (slug) => {
      const app = snapshot.applications.find((candidate) => candidate.slug === slug);
      return app ? snapshot.bindings.filter((binding) => binding.target === app.pk) : [];
    },
    labelsOf: (binding) => {
      switch (binding.kind) {
        case "group": {
          const live = binding.group === null ? undefined : groupsByPk.get(normaliseEventPk(binding.group));
          const documented = live ? baseline.groups.filter((group) => normaliseEventPk(group.pk) === normaliseEventPk(live.pk)) : [];
          return unique([...(live ? [live.name] : []), ...documented.map((group) => group.name), binding.pk]);
        }
        case "user":
          return [`user:${binding.user === null ? binding.pk : (usernames.get(binding.user) ?? `pk:${binding.user}`)}`];
        case "policy":
          return [`policy:${binding.policyName ?? binding.policy ?? binding.pk}`];
      }
    },
  };
}

function explain(finding: Finding, index: AttributionIndex): AuthentikEvent[] {
  const { subject } = finding;
  switch (finding.kind) {
    case "binding-missing":
      return subject.type === "binding" ? bindingDeletions(index, subject.slug, subject.group) : [];
    case "binding-disabled":
    case "binding-changed":
      return subject.type === "binding" ? onBindings(index, bindingsLabelled(index, subject.slug, subject.group, false), UPDATED) : [];
    case "binding-negated":
    case "binding-unexpected":
      return subject.type === "binding"
        ? onBindings(index, bindingsLabelled(index, subject.slug, subject.group, finding.kind === "binding-negated"), CHANGED)
        : [];
    case "binding-pk-changed":
      return newestFirst([
        ...onValue(index, "policybinding", finding.expected, DELETED),
        ...onValue(index, "policybinding", finding.actual, CHANGED),
      ]);
    case "binding-non-group":
      return (subject.type === "application" || subject.type === "binding") && typeof finding.actual === "string"
        ? onBindings(
            index,
            index.liveBindings(subject.slug).filter((binding) => index.labelsOf(binding).includes(String(finding.actual))),
            CHANGED,
          )
        : [];
    case "application-open":
      return subject.type === "application" ? lastBindingLost(index, subject.slug) : [];
    case "application-now-restricted":
      return subject.type === "application" ? onBindings(index, index.liveBindings(subject.slug), CHANGED) : [];
    case "application-engine-mode":
    case "application-undocumented":
      return subject.type === "application"
        ? onApplication(index, subject.slug, finding.kind === "application-engine-mode" ? UPDATED : CHANGED)
        : [];
    case "application-missing":
      return subject.type === "application"
        ? index.named("application", DELETED, (name) => index.applicationNames(subject.slug).includes(name))
        : [];
    case "group-missing":
      return subject.type === "group"
        ? newestFirst([
            ...onValue(index, "group", index.documentedGroupPk(subject.name), DELETED),
            ...index.named("group", DELETED, (name) => name === subject.name),
          ])
        : [];
    case "group-undocumented":
      return onValue(index, "group", finding.actual, CHANGED);
    case "group-pk-changed":
      return newestFirst([...onValue(index, "group", finding.expected, DELETED), ...onValue(index, "group", finding.actual, CHANGED)]);
    case "member-added":
    case "member-removed":
      return subject.type === "user" && subject.group !== undefined
        ? onValue(index, "group", index.liveGroupPk(subject.group), UPDATED)
        : [];
    case "member-unknown":
    case "superuser-not-exempt":
    case "upgrade-changes-access":
    case "acceptance-stale":
      return [];
    default:
      // Renamed groups, superuser flags and any later group-level kind: the group's own updates.
      return subject.type === "group" ? onValue(index, "group", index.liveGroupPk(subject.name), UPDATED) : [];
  }
}

/**
 * The deletion of a documented binding: by the pk the runbook pins, else by the name authentik logged
 * for it (deleting a group deletes its bindings, and each is logged), else the deletion of the group.
 */
function bindingDeletions(index: AttributionIndex, slug: string, group: string): AuthentikEvent[] {
  const rows = index.context.baseline.bindings.filter(
    (row) => row.slug === slug && row.target.kind === "group" && row.target.name === group,
  );
  const pinned = newestFirst(rows.flatMap((row) => (row.bindingPk === null ? [] : index.on("policybinding", row.bindingPk, DELETED))));
  if (pinned.length > 0) return pinned;
  const apps = index.applicationNames(slug);
  const groups = index.groupNames(group);
  const byName = index.named("policybinding", DELETED, (name) => {
    const parsed = parseBindingName(name);
    return parsed !== null && parsed.subject === "Group" && apps.includes(parsed.target) && groups.includes(parsed.name);
  });
  if (byName.length > 0) return byName;
  return onValue(index, "group", index.documentedGroupPk(group), DELETED);
}

/** The change that left the app without a binding in force: the newest deletion or update of one of its bindings. */
function lastBindingLost(index: AttributionIndex, slug: string): AuthentikEvent[] {
  const apps = index.applicationNames(slug);
  const rows = index.context.baseline.bindings.filter((row) => row.slug === slug);
  const candidates = newestFirst([
    ...rows.flatMap((row) => (row.bindingPk === null ? [] : index.on("policybinding", row.bindingPk, DELETED))),
    ...index.named("policybinding", DELETED, (name) => {
      const parsed = parseBindingName(name);
      return parsed !== null && apps.includes(parsed.target);
    }),
    ...onBindings(index, index.liveBindings(slug), UPDATED),
  ]);
  return candidates.slice(0, 1);
}

/** "Binding from <target> #<order> to <Group|User|Policy> <name>" (`PolicyBinding.__str__`), or null. */
function parseBindingName(name: string): { target: string; subject: string; name: string } | null {
  const match = /^Binding from (.*) #-?\d+ to (Group|User|Policy) (.*)$/s.exec(name);
  return match ? { target: match[1] ?? "", subject: match[2] ?? "", name: match[3] ?? "" } : null;
}

function bindingsLabelled(index: AttributionIndex, slug: string, label: string, negated: boolean): SnapshotBinding[] {
  // A negated binding's subject names a non-group binding `user:NAME` or `policy:NAME`, as labelsOf does.
  return index.liveBindings(slug).filter((binding) => (!negated || binding.negate) && index.labelsOf(binding).includes(label));
}

function onBindings(index: AttributionIndex, bindings: readonly SnapshotBinding[], actions: readonly ModelAction[]): AuthentikEvent[] {
  return newestFirst(bindings.flatMap((binding) => index.on("policybinding", binding.pk, actions)));
}

function onApplication(index: AttributionIndex, slug: string, actions: readonly ModelAction[]): AuthentikEvent[] {
  const app = index.context.snapshot.applications.find((candidate) => candidate.slug === slug);
  return app ? index.on("application", app.pk, actions) : [];
}

/** Events on the object whose pk a finding's value holds, when it holds one. */
function onValue(index: AttributionIndex, kind: EventObjectKind, value: unknown, actions: readonly ModelAction[]): AuthentikEvent[] {
  return typeof value === "string" && value !== "" ? index.on(kind, value, actions) : [];
}

function newestFirst(events: readonly AuthentikEvent[]): AuthentikEvent[] {
  const seen = new Set<string>();
  return [...events]
    .filter((event) => !seen.has(event.pk) && seen.add(event.pk) !== undefined)
    .sort((a, b) => b.atMicros - a.atMicros || (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));
}

function toFindingEvent(event: AuthentikEvent): FindingEvent {
  // One spelling of time in every output; a timestamp that does not parse is kept as sent.
  const at = event.atMicros > 0 ? new Date(Math.floor(event.atMicros / 1000)).toISOString() : event.at;
  return { at, username: event.username, action: event.action, clientIp: event.clientIp };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
