import { createRequire } from "node:module";

type DiffModule = typeof import("diff");
let diffModule: DiffModule | undefined;

/** Only `report --inject --check` needs `diff`: it is loaded on first use, so no other command pays for it. */
function loadDiff(): DiffModule {
  diffModule ??= createRequire(import.meta.url)("diff") as DiffModule;
  return diffModule;
}

/**
 * What `report --inject --check` shows: a unified diff from the runbook as it is to the runbook as the
 * injection would write it, or "" when they are equal.
 */
export function renderRunbookPatch(file: string, before: string, after: string): string {
  if (before === after) return "";
  const path = file.replace(/^\/+/, "");
  return loadDiff().createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
}
