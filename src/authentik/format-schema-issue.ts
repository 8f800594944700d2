import type { z } from "zod";

/** `results[3].pk: expected string, received number`: the field path first, then zod's words. */
export function formatSchemaIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
  return `${path || "(body)"}: ${issue.message}`;
}
