import { createHash } from "node:crypto";

const STYLE_ELEMENT = /<style>([\s\S]*?)<\/style>/g;
const hashes = new Map<string, string>();

/**
 * The overview's Content-Security-Policy: no scripts at all, its own `<style>` elements allowed by
 * their hashes (never `'unsafe-inline'`), the inline favicon as a data: image, and nothing framed,
 * submitted or based elsewhere. The style text is the template's and the same on every render, so
 * each is hashed once.
 */
export function contentSecurityPolicyFor(html: string): string {
  const styleSources = [...html.matchAll(STYLE_ELEMENT)].map((match) => hashOf(match[1] ?? ""));
  return [
    "default-src 'none'",
    `style-src ${styleSources.length > 0 ? styleSources.join(" ") : "'none'"}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function hashOf(style: string): string {
  let hash = hashes.get(style);
  if (hash === undefined) {
    hash = `'sha256-${createHash("sha256").update(style, "utf8").digest("base64")}'`;
    if (hashes.size > 16) hashes.clear();
    hashes.set(style, hash);
  }
  return hash;
}
