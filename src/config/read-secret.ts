import { readFileSync } from "node:fs";
import { Secret } from "../secret.js";
import type { ConfigProblem } from "./config-error.js";

export type ReadFile = (path: string) => string;

/** RFC 6750's b64token (token68): the only characters a client may send in `Authorization: Bearer`. */
export const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Visible ASCII: anything else cannot go in an HTTP header. */
export const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

export type SecretSetting = { key: string; value: string } | { key: string; file: string } | null;
/** The characters a token may have, and how to say so. */
export interface TokenRule {
  pattern: RegExp;
  expected: string;
}

export function readSecret(
  problems: ConfigProblem[],
  readFile: ReadFile,
  rule: TokenRule,
  setting: SecretSetting,
): { secret: Secret; source: string } | null {
  if (!setting) return null;
  if ("value" in setting) {
    const value = setting.value.trim();
    if (/\s/.test(value)) {
      problems.push({ key: setting.key, value: "[redacted]", expected: "a token without whitespace" });
      return null;
    }
    if (!rule.pattern.test(value)) {
      problems.push({ key: setting.key, value: "[redacted]", expected: `a token of ${rule.expected}` });
      return null;
    }
    return { secret: new Secret(value), source: setting.key };
  }
  let text: string;
  try {
    text = readFile(setting.file);
  } catch (error) {
    problems.push({ key: setting.key, value: setting.file, expected: `a readable file holding the token (${describeIoError(error)})` });
    return null;
  }
  const value = text.trim();
  if (value === "" || /\s/.test(value)) {
    problems.push({
      key: setting.key,
      value: setting.file,
      expected: "a file holding exactly one token (it is empty or has several words)",
    });
    return null;
  }
  if (!rule.pattern.test(value)) {
    problems.push({ key: setting.key, value: setting.file, expected: `a file holding a token of ${rule.expected}` });
    return null;
  }
  return { secret: new Secret(value), source: `${setting.key} ${setting.file}` };
}

export function describeIoError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "unreadable";
}

export function readUtf8(path: string): string {
  return readFileSync(path, "utf8");
}
