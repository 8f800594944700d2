import { Pool } from "undici";
import type { Snapshot } from "../src/snapshot/index.js";

export interface LoopMeasure {
  requests: number;
  wallMs: number;
  /** Wall time over `takeSnapshot`'s (median run). */
  timesSnapshot: number;
}

interface Page {
  pagination: { next: number };
  results: Record<string, unknown>[];
}

/**
 * The seed runbook's verification, as a shell loop runs it: one request at a time. The runbook's
 * "List all groups" (`/core/groups/?page_size=50`), then its "List all application bindings" loop: the
 * application list (`?superuser_full_list=true&page_size=50`), and for each app its lookup by slug and
 * its bindings by `target`. The runbook's curl calls read only the first page of each list; here `next`
 * is followed so the loop covers every group and app, as the snapshot does (a few more requests).
 */
export async function measureRunbookLoop(url: string, token: string, snapshotMs: number): Promise<LoopMeasure> {
  const pool = new Pool(url, { connections: 1 });
  let requests = 0;
  async function getJson(path: string): Promise<Page> {
    requests += 1;
    const response = await pool.request({ method: "GET", path: `/api/v3${path}`, headers: { authorization: `Bearer ${token}` } });
    const body = (await response.body.json()) as Page;
    if (response.statusCode !== 200) throw new Error(`GET ${path} answered ${response.statusCode}`);
    return body;
  }
  async function listAll(path: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let page = 1; page !== 0; ) {
      const body = await getJson(`${path}&page=${page}`);
      items.push(...body.results);
      page = body.pagination.next;
    }
    return items;
  }

  const started = performance.now();
  try {
    await listAll("/core/groups/?page_size=50");
    const apps = await listAll("/core/applications/?superuser_full_list=true&page_size=50");
    for (const app of apps) {
      const slug = encodeURIComponent(String(app.slug));
      const found = await getJson(`/core/applications/?slug=${slug}&superuser_full_list=true`);
      const pk = found.results[0]?.pk;
      if (typeof pk !== "string") throw new Error(`the lookup of ${slug} found no application`);
      await getJson(`/policies/bindings/?target=${pk}`);
    }
  } finally {
    await pool.close();
  }
  const wallMs = performance.now() - started;
  return { requests, wallMs, timesSnapshot: wallMs / snapshotMs };
}

/**
 * A refresh one object at a time, as a client without list requests would do it: one GET per group,
 * per application and per binding (by the pks and slugs of a previous snapshot), `concurrency` at once
 * like the product's client. Users are left out, as the issue describes it; they would add one each.
 */
export async function measureObjectRefresh(
  url: string,
  token: string,
  snapshot: Snapshot,
  options: { concurrency: number; snapshotMs: number },
): Promise<LoopMeasure> {
  const paths = [
    ...snapshot.groups.map((group) => `/core/groups/${group.pk}/?include_users=false`),
    ...snapshot.applications.map((app) => `/core/applications/${encodeURIComponent(app.slug)}/`),
    ...snapshot.bindings.map((binding) => `/policies/bindings/${binding.pk}/`),
  ];
  const pool = new Pool(url, { connections: options.concurrency });
  let next = 0;
  async function worker(): Promise<void> {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const response = await pool.request({ method: "GET", path: `/api/v3${path}`, headers: { authorization: `Bearer ${token}` } });
      await response.body.json();
      if (response.statusCode !== 200) throw new Error(`GET ${path} answered ${response.statusCode}`);
    }
  }
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  } finally {
    await pool.close();
  }
  const wallMs = performance.now() - started;
  return { requests: paths.length, wallMs, timesSnapshot: wallMs / options.snapshotMs };
}
