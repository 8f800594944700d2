import type { Snapshot } from "../snapshot/index.js";
import { compareNames } from "./compare-names.js";
import { formatCount } from "./format-count.js";

/** Up to this many people are named on the overview; past it, a count, and the names are one link away. */
export const NAMES_INLINE = 5;

/** "3: casey, jodie, riley" when there are few, else "1,234"; `names` is only called when there are few. */
export function describeFewNames(count: number, names: () => string[]): string {
  if (count === 0) return "0";
  if (count > NAMES_INLINE) return formatCount(count);
  return `${count}: ${names().sort(compareNames).join(", ")}`;
}

/** A user's name by pk (`pk:N` for one the snapshot lacks); the index over every user is built on first use. */
export function usernameLookup(snapshot: Snapshot): (pk: number) => string {
  let byPk: Map<number, string> | undefined;
  return (pk) => {
    byPk ??= new Map(snapshot.users.map((user) => [user.pk, user.username]));
    return byPk.get(pk) ?? `pk:${pk}`;
  };
}
