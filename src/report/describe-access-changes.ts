import type { AccessChangeGroup, AccessDirection } from "../diff/index.js";

const SIGNS: Readonly<Record<AccessDirection, string>> = { gained: "+", lost: "-", indeterminate: "~" };

/** "+52", "-3", "~5": how many, and which way (~ to or from a verdict that hangs on a policy). */
export function formatChangeCount(group: Pick<AccessChangeGroup, "direction" | "count">): string {
  return `${SIGNS[group.direction]}${group.count}`;
}

/** "via group:family → media-users", "was via group:media-users", or "default". */
export function describeCause(group: Pick<AccessChangeGroup, "direction" | "via">): string {
  const via = group.via.length === 0 ? "default" : group.via.join(", ");
  return group.direction === "lost" ? `was via ${via}` : `via ${via}`;
}

/** Up to `max` names, then "and N more". */
export function summariseNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** "13 people on 4 applications", "1 person and 2 service accounts on 1 application". */
export function describeChangeTotals(groups: readonly AccessChangeGroup[]): string {
  const people = new Set<string>();
  const accounts = new Set<string>();
  const apps = new Set<string>();
  for (const group of groups) {
    apps.add(group.slug);
    for (const name of group.usernames) (group.serviceAccounts ? accounts : people).add(name);
  }
  const parts = [
    ...(people.size > 0 || accounts.size === 0 ? [`${people.size} ${people.size === 1 ? "person" : "people"}`] : []),
    ...(accounts.size > 0 ? [`${accounts.size} service account${accounts.size === 1 ? "" : "s"}`] : []),
  ];
  return `${parts.join(" and ")} on ${apps.size} application${apps.size === 1 ? "" : "s"}`;
}
