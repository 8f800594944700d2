/**
 * The shape of a saved snapshot, checked in place. A snapshot file of 50,000 users is 11 MB of JSON:
 * zod took about 300 ms of CPU to check it (it copies every object, then the copies are collected),
 * ajv about 175 ms (most of it loading and compiling), this walk tens of milliseconds in a fresh
 * process (a few once warm). The file is our own format, written by `renderSnapshotJson`, so a
 * handful of typed checks say everything the schema said. The common cases (a field of a primitive
 * type, an array of them) are checked inline: a CLI run is over before calls through closures warm up.
 */

/** A field of a primitive type; `?` also allows null. */
type Primitive = "string" | "string?" | "integer" | "integer?" | "boolean";

/**
 * A check of one value: null when it fits, else the problem with the path below the value, e.g.
 * `.3.pk: expected an integer, got "x"` (built only on the way back from a misfit).
 */
type Shape = (value: unknown) => string | null;

type Field = Primitive | Shape;

const DESCRIPTIONS: Record<Primitive, string> = {
  string: "a string",
  "string?": "a string or null",
  integer: "an integer",
  "integer?": "an integer or null",
  boolean: "true or false",
};

function fits(kind: Primitive, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "string?":
      return value === null || typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "integer?":
      return value === null || Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
  }
}

function misfit(description: string, value: unknown): string {
  return `: expected ${description}, got ${describe(value)}`;
}

// ISO 8601 with a time zone, as `Date.toISOString()` writes it (or with an offset).
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/;
const dateTime: Shape = (value) =>
  typeof value === "string" && DATE_TIME.test(value) ? null : misfit("an ISO 8601 date-time with a time zone", value);

function oneOf(...allowed: readonly unknown[]): Shape {
  const description = `one of ${allowed.map((item) => JSON.stringify(item)).join(", ")}`;
  return (value) => (allowed.includes(value) ? null : misfit(description, value));
}

function arrayOf(item: Field): Shape {
  return (value) => {
    if (!Array.isArray(value)) return misfit("an array", value);
    if (typeof item === "string") {
      for (let index = 0; index < value.length; index++) {
        if (!fits(item, value[index])) return `.${index}${misfit(DESCRIPTIONS[item], value[index])}`;
      }
      return null;
    }
    for (let index = 0; index < value.length; index++) {
      const problem = item(value[index]);
      if (problem !== null) return `.${index}${problem}`;
    }
    return null;
  };
}

/** An object with these fields; a key marked optional may be absent. Other keys are left alone. */
function object(fields: Record<string, Field>, optional: readonly string[] = []): Shape {
  const keys = Object.keys(fields);
  const kinds = Object.values(fields);
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return misfit("an object", value);
    const record = value as Record<string, unknown>;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      const kind = kinds[index] as Field;
      const field = record[key];
      if (field === undefined && !(key in record)) {
        if (optional.includes(key)) continue;
        return `.${key}: missing`;
      }
      if (typeof kind === "string") {
        if (!fits(kind, field)) return `.${key}${misfit(DESCRIPTIONS[kind], field)}`;
        continue;
      }
      const problem = kind(field);
      if (problem !== null) return `.${key}${problem}`;
    }
    return null;
  };
}

const snapshotShape = object({
  schemaVersion: oneOf(1),
  takenAt: dateTime,
  source: object({ url: "string", authentikVersion: "string?" }),
  settings: object({ defaultAppAccess: "boolean", defaultAppAccessKnown: "boolean" }),
  users: arrayOf(
    object({ pk: "integer", username: "string", name: "string", isActive: "boolean", isSuperuser: "boolean", type: "string" }),
  ),
  groups: arrayOf(
    object({ pk: "string", name: "string", isSuperuser: "boolean", parents: arrayOf("string"), members: arrayOf("integer") }),
  ),
  applications: arrayOf(object({ pk: "string", slug: "string", name: "string", policyEngineMode: oneOf("any", "all") })),
  bindings: arrayOf(
    object(
      {
        pk: "string",
        target: "string",
        kind: oneOf("group", "user", "policy"),
        group: "string?",
        user: "integer?",
        policy: "string?",
        policyName: "string?",
        enabled: "boolean",
        negate: "boolean",
        order: "integer",
        expires: "string?",
      },
      ["expires"],
    ),
  ),
  completeness: object({ complete: "boolean", problems: arrayOf("string") }),
});

/** The first problem, as `field.path: expected ..., got ...`, or null when the document is a snapshot. */
export function checkSnapshotShape(json: unknown): string | null {
  const problem = snapshotShape(json);
  if (problem === null) return null;
  return problem.startsWith(".") ? problem.slice(1) : `(document)${problem}`;
}

/** A short, printable account of a value that did not fit: its JSON (control characters escaped), cut at 40 characters. */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}
