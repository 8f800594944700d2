/** Small text helpers every stage may use: pure, no I/O. */
export { compareText } from "./compare-text.js";
export { sanitizeTerminalText } from "./sanitize-terminal-text.js";
export type { SanitizeOptions } from "./sanitize-terminal-text.js";
export { describeKnownNames } from "./describe-known-names.js";
