import { request } from "undici";
import type { Simulator, SimulatorState } from "../../src/simulator/index.js";

/** Superuser token (owner akadmin via "authentik Admins"). */
export const adminToken = "admin-token";
/** Token of "helper", who is a superuser only through a child group of "authentik Admins". */
export const inheritedAdminToken = "inherited-admin-token";
/** Token of "jodie": no permissions, member of media-users. */
export const plainToken = "plain-token";
/** Token of "viewer": global view permissions, no superuser. */
export const viewerToken = "viewer-token";
/** Token whose owner ("gone") is inactive. */
export const inactiveOwnerToken = "inactive-owner-token";
/** Token of "riley": no global permissions, view permission on a few users, one group and one app only. */
export const objectViewerToken = "object-viewer-token";

export const ids = {
  admins: "9944e153-f860-4443-81d1-ae544f611806",
  adminHelpers: "7b0f6a5e-2c1d-4e8f-9a3b-5c6d7e8f9a0b",
  media: "0820b2b8-6c54-4c20-9a0a-872820e6d9ea",
  mediaKids: "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
  cloud: "db3cbf5d-8057-4e33-8e8d-95bfdb35fbac",
  jellyfin: "71b55935-bdc5-4934-8818-03f0a08f9110",
  nextcloud: "423d4631-2579-4783-b570-593ff778998a",
  vaultwarden: "a9bef682-68df-46f9-aad0-6103dcaea10f",
  proxmox: "88fdf561-23d0-4c08-85d8-05c6cbdb9dd8",
  wiki: "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
  allow: "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
  deny: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  mediaCheck: "2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d",
  bindJellyfinMedia: "31515ffc-f937-442f-9813-263e68247687",
  bindNextcloudCloud: "6ac8ccfc-7ca3-4288-a281-b78a1c675e57",
  bindNextcloudRiley: "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
  bindVaultPolicy: "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a",
  bindWikiNegated: "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b",
  bindProxmoxExpired: "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c",
  bindProxmoxDisabled: "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d",
};

/**
 * A small 2026.8.3 tenant that uses every feature the simulator serves: a superuser group with a
 * child group, a nested media group, group/user/policy bindings, a negated, an expired and a
 * disabled binding, every flag, and users with all optional fields. A fresh object on every call.
 */
export function conformanceState(): SimulatorState {
  return {
    version: "2026.8.3",
    settings: {
      defaultPageSize: 20,
      maxPageSize: 100,
      flags: {
        core_default_app_access: true,
        enterprise_audit_include_expanded_diff: false,
        flows_continuous_login: false,
        flows_refresh_others: false,
      },
    },
    tokens: [
      { key: adminToken, user: "akadmin" },
      { key: inheritedAdminToken, user: "helper" },
      { key: plainToken, user: "jodie" },
      {
        key: viewerToken,
        user: "viewer",
        permissions: ["view_user", "view_group", "view_application", "view_policybinding", "view_system_settings"],
      },
      { key: inactiveOwnerToken, user: "gone" },
      {
        key: objectViewerToken,
        user: "riley",
        objectPermissions: {
          view_user: ["jodie", "kid"],
          view_group: [ids.media],
          view_application: ["wiki"],
        },
      },
    ],
    users: [
      { pk: 4, username: "akadmin", name: "authentik Default Admin", email: "akadmin@example.com", last_login: "2026-07-01T08:30:00Z" },
      { pk: 5, username: "helper", name: "Helper", email: "helper@example.com" },
      { pk: 7, username: "matt", name: "Matt", email: "matt@example.com", type: "internal", path: "users", attributes: { team: "ops" } },
      { pk: 8, username: "jodie", name: "Jodie", email: "jodie@example.com" },
      { pk: 9, username: "riley", name: "Riley", email: "riley@example.com" },
      { pk: 10, username: "Riley", name: "Riley (second account)", email: "riley2@example.com" },
      { pk: 11, username: "kid", name: "Kid", email: "kid@example.com" },
      { pk: 12, username: "viewer", name: "Viewer", email: "viewer@example.com", type: "service_account" },
      { pk: 13, username: "gone", name: "Gone", email: "gone@example.com", is_active: false },
    ],
    groups: [
      { pk: ids.admins, name: "authentik Admins", is_superuser: true, members: ["akadmin", "matt"] },
      { pk: ids.adminHelpers, name: "admin-helpers", parents: [ids.admins], members: ["helper"] },
      { pk: ids.media, name: "media-users", members: ["jodie"], attributes: { notes: "streaming" } },
      { pk: ids.mediaKids, name: "media-kids", parents: [ids.media], members: ["kid"] },
      { pk: ids.cloud, name: "cloud-users", members: [] },
    ],
    applications: [
      {
        pk: ids.jellyfin,
        slug: "jellyfin",
        name: "Jellyfin",
        meta_launch_url: "https://jellyfin.example.com/",
        meta_publisher: "Jellyfin",
      },
      { pk: ids.nextcloud, slug: "nextcloud", name: "Nextcloud", meta_launch_url: "https://cloud.example.com/" },
      {
        pk: ids.vaultwarden,
        slug: "vaultwarden",
        name: "Vaultwarden",
        meta_launch_url: "https://vault.example.com/",
        policy_engine_mode: "all",
      },
      { pk: ids.proxmox, slug: "proxmox", name: "Proxmox VE", meta_launch_url: "https://proxmox.example.com/" },
      { pk: ids.wiki, slug: "wiki", name: "Wiki", meta_launch_url: "https://wiki.example.com/", group: "Docs" },
    ],
    policies: [
      { pk: ids.allow, name: "always-allow", result: true },
      { pk: ids.deny, name: "always-deny", result: false },
      {
        pk: ids.mediaCheck,
        name: "media-check",
        result: true,
        expression: 'return ak_is_group_member(request.user, name="media-users")',
      },
    ],
    bindings: [
      { pk: ids.bindJellyfinMedia, target: ids.jellyfin, group: ids.media, order: 0 },
      { pk: ids.bindNextcloudCloud, target: ids.nextcloud, group: ids.cloud, order: 0 },
      { pk: ids.bindNextcloudRiley, target: ids.nextcloud, user: "riley", order: 10 },
      { pk: ids.bindVaultPolicy, target: ids.vaultwarden, policy: ids.allow, order: 0 },
      { pk: ids.bindWikiNegated, target: ids.wiki, group: ids.media, negate: true, order: 0 },
      { pk: ids.bindProxmoxExpired, target: ids.proxmox, group: ids.admins, order: 0, expires: "2026-01-01T00:00:00Z" },
      { pk: ids.bindProxmoxDisabled, target: ids.proxmox, group: ids.cloud, order: 5, enabled: false },
    ],
  };
}

/** A fixed clock after the expired binding's `expires`. */
export function fixedNow(): Date {
  return new Date("2026-08-15T12:00:00Z");
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** One request with undici; the body is always read, and parsed when it is JSON. */
export async function call(
  sim: Simulator,
  method: string,
  path: string,
  options: { token?: string; authorization?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await request(`${sim.url}${path}`, {
    method: method as "GET",
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await response.body.text();
  const isJson = String(response.headers["content-type"] ?? "").startsWith("application/json") && text !== "";
  return { status: response.statusCode, headers: response.headers, body: isJson ? JSON.parse(text) : undefined, text };
}

/** GET with a token (the superuser's by default; null sends no Authorization header). */
export function get(sim: Simulator, path: string, token: string | null = adminToken): Promise<JsonResponse> {
  return call(sim, "GET", path, token === null ? {} : { token });
}

/** The `results` of a list response, narrowed for assertions. */
export function resultsOf(response: JsonResponse): Record<string, unknown>[] {
  return (response.body as { results: Record<string, unknown>[] }).results;
}

export function paginationOf(response: JsonResponse): Record<string, number> {
  return (response.body as { pagination: Record<string, number> }).pagination;
}
