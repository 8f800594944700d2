import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/**
 * Validates simulator responses against the official authentik OpenAPI 3.0 schema shipped with
 * `@goauthentik/api` (so the test needs nothing outside the project). OpenAPI 3.0 is not JSON
 * Schema, so the component schemas are converted first:
 * - `nullable: true` becomes `anyOf: [schema, {type: "null"}]`;
 * - objects that list `properties` and say nothing about `additionalProperties` get
 *   `additionalProperties: false`, so a field the real API does not have (a typo, or the legacy
 *   `parent`) fails too; that is stricter than the schema, on purpose;
 * - `readOnly` and the other annotations stay (ajv knows them); `$ref`s keep pointing into the
 *   same document, which is registered once under the id "authentik".
 */
export interface OpenApiValidator {
  readonly version: string;
  /** Problems with `body` as the answer `status` to `method path` (path as in the schema, e.g. "/core/groups/{group_uuid}/"); [] when valid. */
  validate(path: string, method: string, status: number, body: unknown): string[];
}

interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, OpenApiResponse> };
}

interface OpenApiResponse {
  $ref?: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}

export function createOpenApiValidator(): OpenApiValidator {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@goauthentik/api/schema.yml");
  const document = parse(readFileSync(file, "utf8")) as OpenApiDocument;

  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(document.components.schemas)) schemas[name] = convertSchema(schema);
  ajv.addSchema({ $id: "authentik", components: { schemas } });

  const compiled = new Map<string, ValidateFunction>();
  function validatorFor(ref: string): ValidateFunction {
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: `authentik${ref}` });
      compiled.set(ref, validate);
    }
    return validate;
  }

  return {
    version: document.info.version,
    validate(path, method, status, body) {
      const operation = document.paths[path]?.[method.toLowerCase()];
      if (!operation) return [`the schema has no ${method.toUpperCase()} ${path}`];
      let response = operation.responses[String(status)];
      if (!response) return [`the schema declares no ${status} answer for ${method.toUpperCase()} ${path}`];
      if (response.$ref) response = document.components.responses[response.$ref.split("/").pop() ?? ""] ?? {};
      const ref = response.content?.["application/json"]?.schema?.$ref;
      if (!ref) return body === undefined || body === null ? [] : [`${status} should have no body`];
      const validate = validatorFor(ref);
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
    },
  };
}

function convertSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (node === null || typeof node !== "object") return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "nullable") continue;
    if (key === "properties" && value !== null && typeof value === "object") {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, convertSchema(schema)]));
    } else if (key === "items" || key === "additionalProperties" || key === "not") {
      out[key] = convertSchema(value);
    } else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      out[key] = (value as unknown[]).map(convertSchema);
    } else {
      out[key] = value;
    }
  }
  if ("properties" in source && !("additionalProperties" in source)) out.additionalProperties = false;
  if (source.nullable === true) return { anyOf: [out, { type: "null" }] };
  return out;
}
