/** What the optional State column of the bindings table says about a binding. */
export interface BindingState {
  enabled: boolean;
  negate: boolean;
  expires: string | null;
  /** One phrase per problem, e.g. `unknown state "disabeld"`; the caller says where. */
  problems: string[];
}

export const STATE_EXPECTATION = 'expected a comma-separated list of "disabled", "negated" and "expires <ISO 8601 date-time>"';

const EXPIRES = /^expires\s+(.+)$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * "disabled, negated, expires 2027-01-01T00:00:00Z" and the like; an empty cell is an enabled,
 * non-negated binding that does not expire (authentik's defaults). `enabled` is accepted for clarity.
 */
export function parseStateCell(text: string): BindingState {
  const state: BindingState = { enabled: true, negate: false, expires: null, problems: [] };
  const seen = new Set<string>();
  for (const item of text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const word = item.toLowerCase();
    const expires = EXPIRES.exec(item);
    const key = expires ? "expires" : word;
    if (seen.has(key)) {
      state.problems.push(`"${key}" is given twice (${STATE_EXPECTATION})`);
      continue;
    }
    seen.add(key);
    if (word === "disabled") state.enabled = false;
    else if (word === "enabled") state.enabled = true;
    else if (word === "negated") state.negate = true;
    else if (expires) {
      const value = (expires[1] ?? "").trim();
      if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) state.expires = value;
      else state.problems.push(`invalid expiry "${value}" (expected an ISO 8601 date-time with a time zone, e.g. 2027-01-01T00:00:00Z)`);
    } else {
      state.problems.push(`unknown state "${item}" (${STATE_EXPECTATION})`);
    }
  }
  if (seen.has("enabled") && seen.has("disabled"))
    state.problems.push(`"enabled" and "disabled" contradict each other (${STATE_EXPECTATION})`);
  return state;
}
