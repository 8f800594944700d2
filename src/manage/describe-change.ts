import type { BindingSubject, Change, GroupRef } from "./types.js";

export type Tense = "imperative" | "past";

/**
 * One change as a short sentence: "add riley to media-users" (a plan, a dry run) or "added riley to
 * media-users" (done). Names are raw: the caller escapes them for where they go.
 */
export function describeChange(change: Change, tense: Tense = "imperative"): string {
  const [verb, past, rest] = phrase(change);
  return `${tense === "past" ? past : verb} ${rest}`;
}

function phrase(change: Change): [verb: string, past: string, rest: string] {
  switch (change.kind) {
    case "create-group": {
      const parents = change.parents.length > 0 ? ` under ${listRefs(change.parents)}` : "";
      return ["create", "created", `group ${change.name}${change.isSuperuser ? " (superuser)" : ""}${parents}`];
    }
    case "rename-group":
      return ["rename", "renamed", `group ${change.group.name} to ${change.to}`];
    case "set-group-superuser":
      return change.isSuperuser
        ? ["make", "made", `${change.group.name} a superuser group`]
        : ["make", "made", `${change.group.name} an ordinary group (not superuser)`];
    case "set-group-parents": {
      const now = change.parents.length > 0 ? listRefs(change.parents) : "none";
      const was = change.previous.length > 0 ? listRefs(change.previous) : "none";
      return ["set", "set", `the parents of ${change.group.name} to ${now} (were: ${was})`];
    }
    case "add-member":
      return ["add", "added", `${change.username} to ${change.group.name}`];
    case "remove-member":
      return ["remove", "removed", `${change.username} from ${change.group.name}`];
    case "create-binding": {
      const state = change.enabled ? "" : " (disabled)";
      return ["bind", "bound", `${change.application.slug} to ${describeSubject(change.subject, change.negate)}${state}`];
    }
    case "update-binding": {
      const verbs: string[] = [];
      if (change.set.enabled !== undefined) verbs.push(change.set.enabled ? "re-enable" : "disable");
      if (change.set.negate !== undefined) verbs.push(change.set.negate ? "negate" : "un-negate");
      const past = verbs.map((verb) => (verb.endsWith("e") ? `${verb}d` : `${verb}ed`));
      return [
        verbs.join(" and "),
        past.join(" and "),
        `${change.application.slug}'s binding to ${describeSubject(change.subject)} (${change.bindingPk})`,
      ];
    }
    case "delete-binding": {
      const state = [change.negate ? "negated" : "", change.expired ? "expired" : change.enabled ? "" : "disabled"].filter(Boolean);
      const details = [change.bindingPk, ...state].join(", ");
      return ["unbind", "unbound", `${change.application.slug} from ${describeSubject(change.subject)} (${details})`];
    }
    case "set-engine-mode":
      return ["set", "set", `${change.application.slug}'s policy engine mode to ${change.mode} (was ${change.previous})`];
  }
}

/** `media-users`, `not media-users`, `user:riley`, `policy:office-hours`. */
export function describeSubject(subject: BindingSubject, negate = false): string {
  const name =
    subject.kind === "group"
      ? subject.group.name
      : subject.kind === "user"
        ? `user:${subject.username}`
        : `policy:${subject.policyName ?? subject.policyPk}`;
  return negate ? `not ${name}` : name;
}

function listRefs(refs: readonly GroupRef[]): string {
  return refs.map((ref) => ref.name).join(", ");
}
