import { compareText } from "./format-list.js";
import type { AccessChange, AccessChangeGroup, AccessDirection } from "./types.js";

const DIRECTIONS: readonly AccessDirection[] = ["gained", "lost", "indeterminate"];

/**
 * Access changes by app, direction and cause, people apart from service accounts: "jellyfin +52 via
 * group:family → media-users" instead of 52 lines. A lost change is grouped by what used to let the
 * user in; the others by what decides now. Largest groups first within an app.
 */
export function groupAccessChanges(changes: readonly AccessChange[]): AccessChangeGroup[] {
  const groups = new Map<string, AccessChangeGroup>();
  for (const change of changes) {
    const via = change.direction === "lost" ? change.expectedVia : change.via;
    const key = JSON.stringify([change.slug, change.direction, change.serviceAccount, via, change.accepted === true]);
    let group = groups.get(key);
    if (!group) {
      group = {
        slug: change.slug,
        direction: change.direction,
        serviceAccounts: change.serviceAccount,
        via,
        count: 0,
        usernames: [],
        accepted: change.accepted === true,
      };
      groups.set(key, group);
    }
    group.count += 1;
    group.usernames.push(change.username);
  }
  for (const group of groups.values()) group.usernames.sort(compareText);
  return [...groups.values()].sort(
    (a, b) =>
      compareText(a.slug, b.slug) ||
      DIRECTIONS.indexOf(a.direction) - DIRECTIONS.indexOf(b.direction) ||
      Number(a.serviceAccounts) - Number(b.serviceAccounts) ||
      Number(a.accepted) - Number(b.accepted) ||
      b.count - a.count ||
      compareText(a.via.join(", "), b.via.join(", ")),
  );
}
