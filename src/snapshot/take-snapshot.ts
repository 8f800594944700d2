import {
  ApiApplication,
  ApiGroup,
  ApiPolicyBinding,
  ApiSessionUser,
  ApiSettings,
  ApiUser,
  ApiVersion,
  AuthentikApiError,
} from "../authentik/index.js";
import type { AuthentikClient, ListResult } from "../authentik/index.js";
import { buildSnapshot } from "./build-snapshot.js";
import { checkViewPermissions } from "./check-view-permissions.js";
import type { Snapshot } from "./types.js";

export interface TakeSnapshotOptions {
  /** When the snapshot is taken; injected so tests and the service control the clock. */
  now?: () => Date;
}

/**
 * Read everything that decides access, in the fewest requests the API allows and the fewest rounds:
 * three single-object calls plus the pages of four lists, all started at once (the client caps the
 * concurrency and serves them in order). The four first pages go right behind the version call,
 * because each list's remaining pages can start only once its own first page has said how many there
 * are; the two other single calls fill the next round. Any failure rejects the whole snapshot, and so
 * does a list that arrived with fewer objects than it counts or with one twice: a partial one is never
 * returned. What a token cannot see (a non-superuser's filtered application list, lists narrowed by
 * object permissions) is reported in `completeness`.
 */
export async function takeSnapshot(client: AuthentikClient, options: TakeSnapshotOptions = {}): Promise<Snapshot> {
  const now = options.now ?? (() => new Date());
  const versionCall = client.get("/admin/version/", ApiVersion);
  const everythingElse = Promise.all([
    // Without each user's group and role objects (on by default): membership comes from the groups'
    // member pks, and the embedded objects would be most of every page's bytes.
    client.list("/core/users/", ApiUser, { query: { include_groups: false, include_roles: false } }),
    client.list("/core/groups/", ApiGroup, { query: { include_users: false } }),
    // Only a superuser token gets the unfiltered list; for anyone else authentik silently filters it.
    client.list("/core/applications/", ApiApplication, { query: { superuser_full_list: true } }),
    // Every binding in one paginated list, never one request per application.
    client.list("/policies/bindings/", ApiPolicyBinding),
    client.get("/core/users/me/", ApiSessionUser),
    readSettings(client),
  ]);
  // A wrong URL, a bad token or an unreachable host fails every request the same way: the version
  // call's error is the one reported, whichever of them settles first.
  everythingElse.catch(() => undefined);
  const version = await versionCall;
  const [users, groups, applications, bindings, me, settings] = await everythingElse;

  const problems: string[] = [];
  if (settings === null) {
    problems.push(
      "the token cannot read the tenant settings (GET /admin/settings/ needs view_system_settings), so whether apps without bindings are open (core_default_app_access) is unknown; authentik's default, open, is assumed",
    );
  }
  if (!me.user.is_superuser) {
    problems.push(
      `the token's user "${me.user.username}" is not a superuser: authentik filters the application list by that user's own access, so applications may be missing`,
      ...(await checkViewPermissions(client, me.user)),
    );
  }
  const lists: [string, ListResult<{ pk: string | number }>][] = [
    ["/core/users/", users],
    ["/core/groups/", groups],
    ["/core/applications/", applications],
    ["/policies/bindings/", bindings],
  ];
  for (const [route, list] of lists) {
    // A non-superuser's application list is filtered after counting: short by design, said above.
    if (list.items.length !== list.count && route === "/core/applications/" && !me.user.is_superuser) {
      problems.push(`GET ${route} reported ${list.count} objects but ${list.items.length} arrived`);
      continue;
    }
    // Anything else short, or listing an object twice, lost objects on the way (a broken page, or a
    // list that changed while its pages were read): publishing it would report drift that is not there.
    const distinct = new Set(list.items.map((item) => item.pk)).size;
    if (list.items.length !== list.count || distinct !== list.items.length) {
      const arrived = distinct === list.items.length ? `${list.items.length}` : `${distinct} distinct of ${list.items.length}`;
      throw new AuthentikApiError(
        { method: "GET", route, status: 200, failure: "schema" },
        `GET ${route} reported ${list.count} objects but ${arrived} arrived: pages came back short or the list changed while it was read, so nothing was taken from it (try again)`,
      );
    }
  }

  return buildSnapshot({
    takenAt: now(),
    url: client.baseUrl,
    version: version.version_current,
    settings,
    users: users.items,
    groups: groups.items,
    applications: applications.items,
    bindings: bindings.items,
    problems,
  });
}

/**
 * The tenant flags need `view_system_settings`, which an auditor's token may lack: a 403 is not fatal.
 * The flag is then unknown and assumed open, authentik's default.
 */
async function readSettings(client: AuthentikClient): Promise<ApiSettings | null> {
  try {
    return await client.get("/admin/settings/", ApiSettings);
  } catch (error) {
    if (error instanceof AuthentikApiError && error.status === 403) return null;
    throw error;
  }
}
