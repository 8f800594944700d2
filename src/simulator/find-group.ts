import type { StateIndex } from "./create-state-index.js";
import { canonicalUuid, isUuid } from "./drf-fields.js";
import type { SimulatorGroup } from "./simulator-state.js";

/** A group by its uuid path segment, or undefined (a malformed uuid is a 404 in DRF too). */
export function findGroup(index: StateIndex, raw: string, visible: boolean): SimulatorGroup | undefined {
  if (!visible || !isUuid(raw)) return undefined;
  return index.groupsByPk.get(canonicalUuid(raw));
}
