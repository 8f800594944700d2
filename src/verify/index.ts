export type * from "./types.js";
export { verifyAccess, SUPERUSER_NEEDED } from "./verify-access.js";
export type { VerifyOptions } from "./verify-access.js";
export { selectVerifyPairs, createBindingModel } from "./select-verify-pairs.js";
export type { SampleOptions } from "./select-verify-pairs.js";
export { compareVerdicts } from "./compare-verdicts.js";
export { createRandom } from "./create-random.js";
