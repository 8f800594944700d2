import type { Severity } from "../diff/index.js";

/** How each severity is named to people; the order is the diff's, most severe first. */
export const SEVERITY_TITLES: Readonly<Record<Severity, string>> = {
  critical: "Critical",
  warning: "Warning",
  info: "Info",
};
