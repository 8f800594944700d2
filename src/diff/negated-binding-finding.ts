import type { SnapshotApplication, SnapshotBinding } from "../snapshot/index.js";
import { describeTarget } from "./binding-labels.js";
import { createFinding } from "./create-finding.js";
import type { Finding } from "./types.js";

/** `binding-negated` for a binding to `label` (`media-users`, `user:riley`, `policy:vpn`): who it admits, in words. */
export function negatedBindingFinding(live: SnapshotApplication, slug: string, label: string, kind: SnapshotBinding["kind"]): Finding {
  const admits =
    kind === "group"
      ? `every user who is NOT in ${label}`
      : kind === "user"
        ? `every user except ${label.slice(5)}`
        : `users exactly when ${describeTarget(label)} fails`;
  return createFinding(
    "binding-negated",
    "critical",
    { type: "binding", slug, group: label },
    false,
    true,
    `${live.name}'s binding to ${describeTarget(label)} is negated, so it admits ${admits}`,
  );
}
