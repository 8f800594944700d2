export type * from "./types.js";
export { diffBaseline } from "./diff-baseline.js";
export { expectedState } from "./expected-state.js";
export { FINDING_KINDS, SEVERITIES } from "./finding-kinds.js";
export { createFinding, findingId } from "./create-finding.js";
export { matchGroups } from "./match-groups.js";
export type { GroupMatch, GroupMatching } from "./match-groups.js";
