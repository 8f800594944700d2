import type { Baseline, BaselineBinding } from "../baseline/index.js";

/** An application as the runbook documents it: in the bindings table (with its rows) or in the unbound table. */
export interface DocumentedApplication {
  slug: string;
  name: string;
  /** Listed in the bindings table (with `rows`), rather than in the unbound table. */
  bound: boolean;
  rows: BaselineBinding[];
}

/** Documented apps by slug, in table order. */
export function documentApplications(baseline: Baseline): Map<string, DocumentedApplication> {
  const documented = new Map<string, DocumentedApplication>();
  for (const row of baseline.bindings) {
    const app = documented.get(row.slug);
    if (app) app.rows.push(row);
    else documented.set(row.slug, { slug: row.slug, name: row.application, bound: true, rows: [row] });
  }
  // An app in both tables is a baseline error; the bindings table wins here because it is the stricter claim.
  for (const row of baseline.unbound) {
    if (documented.has(row.slug)) continue;
    documented.set(row.slug, { slug: row.slug, name: row.application, bound: false, rows: [] });
  }
  return documented;
}
