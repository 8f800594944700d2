import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether an `Authorization` header carries the bearer token. Both sides are hashed first, so the
 * comparison takes the same time whatever the header holds (its length included) and reveals nothing
 * about the token through timing. The scheme is case-insensitive, as RFC 7235 has it.
 */
export function createTokenCheck(token: string): (header: string | undefined) => boolean {
  const expected = digest(token);
  return (header) => {
    const match = header === undefined ? null : /^bearer +(\S+) *$/i.exec(header);
    return timingSafeEqual(digest(match?.[1] ?? ""), expected) && match !== null;
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
