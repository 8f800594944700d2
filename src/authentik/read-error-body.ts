import { ApiErrorBody, ApiValidationErrorBody } from "./schema.js";

/** The `detail` of an error answer, on one line and bounded; the start of the text when it is not JSON. */
export function extractDetail(text: string): string | undefined {
  try {
    const parsed = ApiErrorBody.safeParse(JSON.parse(text));
    // One line: the message it ends up in is printed as one.
    if (parsed.success) return parsed.data.detail.replace(/\n+/g, " ").slice(0, 300);
    return text.replace(/\n+/g, " ").slice(0, 300);
  } catch {
    const trimmed = text.replace(/\s+/g, " ").trim();
    return trimmed.length > 0 ? trimmed.slice(0, 120) : undefined;
  }
}

/**
 * DRF's validation errors by field, or undefined when the body is not that shape. Bounded, because the
 * body comes from the server: at most 20 fields and 5 messages of 300 characters each.
 */
export function extractFieldErrors(text: string): Record<string, string[]> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ApiValidationErrorBody.safeParse(json);
  if (!parsed.success || "detail" in parsed.data) return undefined;
  const errors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(parsed.data).slice(0, 20)) {
    errors[field.slice(0, 100)] = (Array.isArray(messages) ? messages : [messages]).slice(0, 5).map((message) => message.slice(0, 300));
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}
