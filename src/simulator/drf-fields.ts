/**
 * How Django REST framework turns request-body values into field values, with its error wording,
 * so write endpoints answer 400 bodies the way authentik does.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: string };

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const trueValues = new Set<unknown>(["t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1", 1, true]);
const falseValues = new Set<unknown>(["f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0", 0, false]);

export const requiredMessage = "This field is required.";
export const nullMessage = "This field may not be null.";

/** Field errors by field name, as a 400 body lists them. */
export type FieldErrors = Record<string, string[]>;

export function fail<T = never>(error: string): FieldResult<T> {
  return { ok: false, error };
}

export function parseBoolean(value: unknown): FieldResult<boolean> {
  if (trueValues.has(value)) return { ok: true, value: true };
  if (falseValues.has(value)) return { ok: true, value: false };
  return { ok: false, error: "Must be a valid boolean." };
}

export function parseInteger(value: unknown): FieldResult<number> {
  if (typeof value === "number" && Number.isInteger(value)) return { ok: true, value };
  if (typeof value === "string" && /^\s*-?\d+(\.0*)?\s*$/.test(value)) return { ok: true, value: Number.parseInt(value, 10) };
  return { ok: false, error: "A valid integer is required." };
}

export function parseString(value: unknown, allowBlank: boolean): FieldResult<string> {
  if (typeof value !== "string" && typeof value !== "number") return { ok: false, error: "Not a valid string." };
  const text = String(value).trim();
  if (!allowBlank && text === "") return { ok: false, error: "This field may not be blank." };
  return { ok: true, value: text };
}

/** A `PrimaryKeyRelatedField` over a UUID-keyed model; `exists` answers for a normalised uuid. */
export function parseUuidReference(value: unknown, exists: (uuid: string) => boolean): FieldResult<string> {
  if (typeof value !== "string") return { ok: false, error: `Incorrect type. Expected pk value, received ${pythonTypeName(value)}.` };
  if (!uuidPattern.test(value)) return { ok: false, error: `“${value}” is not a valid UUID.` };
  const normalised = canonicalUuid(value);
  if (!exists(normalised)) return { ok: false, error: `Invalid pk "${value}" - object does not exist.` };
  return { ok: true, value: normalised };
}

/** A `PrimaryKeyRelatedField` over an integer-keyed model (users). */
export function parseIntegerReference<T>(value: unknown, lookup: (pk: number) => T | undefined): FieldResult<T> {
  const pk = parseInteger(value);
  if (!pk.ok || typeof value === "boolean")
    return { ok: false, error: `Incorrect type. Expected pk value, received ${pythonTypeName(value)}.` };
  const found = lookup(pk.value);
  if (found === undefined) return { ok: false, error: `Invalid pk "${String(value)}" - object does not exist.` };
  return { ok: true, value: found };
}

/** A many=True related field: a list whose items each go through `parseItem`. */
export function parseList<T>(value: unknown, parseItem: (item: unknown) => FieldResult<T>): FieldResult<T[]> {
  if (!Array.isArray(value)) return { ok: false, error: `Expected a list of items but got type "${pythonTypeName(value)}".` };
  const out: T[] = [];
  for (const item of value) {
    const parsed = parseItem(item);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

export function canonicalUuid(value: string): string {
  const hex = value.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** The Python type name DRF puts in its messages for a JSON value. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  switch (typeof value) {
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "object":
      return "dict";
    default:
      return typeof value;
  }
}
