import type { BindingSubject, Change } from "./types.js";

/**
 * The ids of the findings a change would make go away (see the README's finding ids): what the planner
 * checks against the runbook's acceptance table, so that `apply` never undoes a drift accepted on purpose.
 */
export function findingsAChangeUndoes(change: Change): string[] {
  switch (change.kind) {
    case "create-group":
      return [`group-missing:${change.name}`, `group-pk-changed:${change.name}`];
    case "rename-group":
      return [`group-renamed:${change.to}`];
    case "set-group-superuser":
      return [`group-superuser-changed:${change.group.name}`];
    case "set-group-parents":
      return [`group-parents-changed:${change.group.name}`];
    case "add-member":
      return [`member-removed:${change.group.name}/${change.username}`];
    case "remove-member":
      return [`member-added:${change.group.name}/${change.username}`];
    case "create-binding":
      return [`binding-missing:${change.application.slug}/${label(change.subject)}`];
    case "update-binding": {
      const binding = `${change.application.slug}/${label(change.subject)}`;
      return [`binding-disabled:${binding}`, `binding-negated:${binding}`, `binding-changed:${binding}`];
    }
    case "delete-binding": {
      const binding = `${change.application.slug}/${label(change.subject)}`;
      return [
        `binding-unexpected:${binding}`,
        `binding-non-group:${binding}`,
        `binding-negated:${binding}`,
        `application-now-restricted:${change.application.slug}`,
      ];
    }
    case "set-engine-mode":
      return [`application-engine-mode:${change.application.slug}`];
  }
}

function label(subject: BindingSubject): string {
  switch (subject.kind) {
    case "group":
      return subject.group.name;
    case "user":
      return `user:${subject.username}`;
    case "policy":
      return `policy:${subject.policyName ?? subject.policyPk}`;
  }
}
