export { sanitizeTerminalText } from "./sanitize-terminal-text.js";
export type { SanitizeOptions } from "./sanitize-terminal-text.js";
