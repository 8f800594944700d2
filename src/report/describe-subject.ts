import type { FindingSubject } from "../diff/index.js";

/** A finding's subject in one short phrase: `jellyfin`, `group media-users`, `jellyfin ← media-users`, `jodie in media-users`. */
export function describeSubject(subject: FindingSubject): string {
  switch (subject.type) {
    case "application":
      return subject.slug;
    case "group":
      return `group ${subject.name}`;
    case "binding":
      return `${subject.slug} ← ${subject.group}`;
    case "user":
      return subject.group === undefined ? subject.username : `${subject.username} in ${subject.group}`;
    case "acceptance":
      return `acceptance of ${subject.finding}`;
  }
}
