import { createTwoFilesPatch } from "diff";

/**
 * What `report --inject --check` shows: a unified diff from the runbook as it is to the runbook as the
 * injection would write it, or "" when they are equal.
 */
export function renderRunbookPatch(file: string, before: string, after: string): string {
  if (before === after) return "";
  const path = file.replace(/^\/+/, "");
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
}
