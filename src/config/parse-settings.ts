import type { ConfigProblem } from "./config-error.js";
import { parseDuration } from "./parse-duration.js";

/** A duration such as `15s` or `30d`; `0` turns the feature off, anything else must lie in the range. */
export function parseDurationSetting(
  problems: ConfigProblem[],
  setting: { key: string; value: string } | null,
  fallback: number,
  bounds: { minMs: number; maxMs: number; range: string },
): number {
  if (!setting) return fallback;
  const ms = parseDuration(setting.value);
  if (ms === null || (ms !== 0 && (ms < bounds.minMs || ms > bounds.maxMs))) {
    problems.push({
      key: setting.key,
      value: setting.value,
      expected: `0 (off) or a duration ${bounds.range}, written as a number and a unit (ms, s, m, h, d, w), e.g. 15s, 30d or 1h30m`,
    });
    return fallback;
  }
  return ms;
}

export function parseInteger(
  problems: ConfigProblem[],
  setting: { key: string; value: string } | null,
  fallback: number,
  min: number,
  max: number,
): number {
  if (!setting) return fallback;
  const value = Number(setting.value);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push({ key: setting.key, value: setting.value, expected: `a whole number from ${min} to ${max}` });
    return fallback;
  }
  return value;
}

export function parseListen(value: string): { host: string; port: number } | null {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port > 65_535) return null;
  const host = match[1] ?? match[2] ?? "";
  return { host: host === "" ? "0.0.0.0" : host, port };
}

/** `scheme://user:password@host`: a password (or a user name) in the URL. */
export const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

export function hasCredentials(value: string): boolean {
  return URL_CREDENTIALS.test(value.trim());
}

/** The URL with whatever stands before `@` replaced, so a password never reaches a message. */
export function redactUrlCredentials(value: string): string {
  return value.trim().replace(URL_CREDENTIALS, "$1[redacted]@");
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}
