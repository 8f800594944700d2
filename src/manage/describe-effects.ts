import type { AccessEffect, PlannedStep } from "./types.js";

/** Whether an effect is one the runbook's recipes let happen silently: a whole app opened to, or shut on, people. */
export function isDrastic(effect: AccessEffect): boolean {
  if (effect.after.decidedBy === "everyone") return effect.before.decidedBy !== "everyone";
  if (effect.after.decidedBy === "nobody") return effect.before.allowed > 0;
  return effect.before.decidedBy === "everyone" && effect.lost.length > 0;
}

/** Why a drastic effect needs confirmation, in one phrase: "mailcow becomes open to every active user (5 people)". */
export function describeDrastic(effect: AccessEffect): string {
  const people = (count: number): string => `${count} ${count === 1 ? "person" : "people"}`;
  if (effect.after.decidedBy === "everyone") return `${effect.slug} becomes open to every active user (${people(effect.after.allowed)})`;
  if (effect.after.decidedBy === "nobody")
    return `${effect.slug} shuts out every user (${effect.lost.length} ${effect.lost.length === 1 ? "person loses" : "people lose"} access)`;
  return `${effect.slug} is no longer open to everyone (${effect.lost.length} ${effect.lost.length === 1 ? "person loses" : "people lose"} access)`;
}

/**
 * A step's effect on people as sentences, one per line: whole-app transitions first in plain words
 * ("mailcow becomes open to every active user (5 people)"), then who gains or loses access. A change
 * that touches one user only is said per user: "riley gains access to jellyfin, jellyseer and peertube".
 */
export function describeEffects(step: PlannedStep, maxNames = 8): string[] {
  const lines: string[] = [];
  const names = (list: readonly string[]): string => formatList(list, maxNames);
  const people = (count: number): string => `${count} ${count === 1 ? "person" : "people"}`;
  const plain: AccessEffect[] = [];
  for (const effect of step.effects) {
    if (effect.after.decidedBy === "everyone" && effect.before.decidedBy !== "everyone") {
      lines.push(`${effect.slug} becomes open to every active user (${people(effect.after.allowed)})`);
    } else if (effect.after.decidedBy === "nobody" && effect.before.decidedBy !== "nobody") {
      const lose = effect.lost.length === 1 ? "loses" : "lose";
      lines.push(`${effect.slug} shuts out every user: the tenant's default access is off (${people(effect.lost.length)} ${lose} access)`);
    } else if (effect.before.decidedBy === "everyone" && effect.after.decidedBy === "bindings") {
      const lose = effect.lost.length === 1 ? "loses" : "lose";
      const lost = effect.lost.length === 0 ? "nobody loses access" : `${people(effect.lost.length)} ${lose} access: ${names(effect.lost)}`;
      lines.push(`${effect.slug} is no longer open to everyone; ${lost}`);
    } else {
      plain.push(effect);
    }
  }
  const users = new Set(plain.flatMap((effect) => [...effect.gained, ...effect.lost]));
  if (users.size === 1 && plain.length > 1) {
    const [username] = [...users];
    const gained = plain.filter((effect) => effect.gained.length > 0).map((effect) => effect.slug);
    const lost = plain.filter((effect) => effect.lost.length > 0).map((effect) => effect.slug);
    if (gained.length > 0) lines.push(`${username} gains access to ${formatList(gained, maxNames)}`);
    if (lost.length > 0) lines.push(`${username} loses access to ${formatList(lost, maxNames)}`);
  } else {
    for (const effect of plain) {
      const parts: string[] = [];
      if (effect.gained.length > 0) parts.push(`${names(effect.gained)} ${effect.gained.length === 1 ? "gains" : "gain"} access`);
      if (effect.lost.length > 0) parts.push(`${names(effect.lost)} ${effect.lost.length === 1 ? "loses" : "lose"} access`);
      if (parts.length > 0) lines.push(`${effect.slug}: ${parts.join("; ")}`);
    }
  }
  if (step.superusers.gained.length > 0) {
    lines.push(`${names(step.superusers.gained)} ${step.superusers.gained.length === 1 ? "becomes a superuser" : "become superusers"}`);
  }
  if (step.superusers.lost.length > 0) {
    lines.push(
      `${names(step.superusers.lost)} ${step.superusers.lost.length === 1 ? "is" : "are"} no longer ${step.superusers.lost.length === 1 ? "a superuser" : "superusers"}`,
    );
  }
  if (lines.length === 0 && ACCESS_KINDS.has(step.change.kind)) lines.push("nobody's access changes");
  return lines;
}

/** Changes whose whole point is access: saying "nobody's access changes" after them is news. */
const ACCESS_KINDS: ReadonlySet<string> = new Set([
  "add-member",
  "remove-member",
  "create-binding",
  "update-binding",
  "delete-binding",
  "set-engine-mode",
  "set-group-parents",
]);

/** "a, b and c"; past `max` items, "a, b, c and 4 more". */
export function formatList(items: readonly string[], max = 8): string {
  if (items.length <= 1) return items[0] ?? "";
  if (items.length > max) return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}
