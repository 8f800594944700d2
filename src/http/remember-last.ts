import { createHash } from "node:crypto";

/**
 * `derive` of the last body seen, worked out again only when the body changes. The pages are rendered
 * once per audit and handed out as the very same string, so comparing it with the last one costs a
 * pointer check, and a 1 MB page is hashed once per audit rather than on every request.
 */
export function rememberLast<T>(derive: (body: string) => T): (body: string) => T {
  let last: { body: string; value: T } | null = null;
  return (body) => {
    if (last?.body !== body) last = { body, value: derive(body) };
    return last.value;
  };
}

/** A strong ETag: the body's SHA-1, as hono's etag middleware makes it (which then leaves it alone). */
export function etagOf(...parts: string[]): string {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part, "utf8");
  return `"${hash.digest("hex")}"`;
}
