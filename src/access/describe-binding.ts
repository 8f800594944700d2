import type { SnapshotBinding } from "../snapshot/index.js";
import type { AccessVia } from "./types.js";

export interface BindingNames {
  groupNames: ReadonlyMap<string, string>;
  usernames: ReadonlyMap<number, string>;
}

/**
 * The `via` label of a binding: `group:NAME`, `negated group:NAME`, `user:NAME`, `negated user:NAME`
 * or `policy:NAME`. A policy keeps its plain label when negated: its result is indeterminate either way.
 * A group or user the snapshot does not know is named by its pk (or the binding's), so a label is never empty.
 */
export function describeBinding(binding: SnapshotBinding, names: BindingNames): AccessVia {
  const negated = binding.negate ? "negated " : "";
  switch (binding.kind) {
    case "group": {
      const name = binding.group === null ? binding.pk : (names.groupNames.get(binding.group) ?? binding.group);
      return `${negated}group:${name}`;
    }
    case "user": {
      const name = binding.user === null ? binding.pk : (names.usernames.get(binding.user) ?? String(binding.user));
      return `${negated}user:${name}`;
    }
    case "policy":
      return `policy:${binding.policyName ?? binding.policy ?? binding.pk}`;
  }
}
