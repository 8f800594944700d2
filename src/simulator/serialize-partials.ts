import { createHash } from "node:crypto";
import type { PartialGroup, PartialUser, RelatedGroup } from "@goauthentik/api";
import type { SimulatorGroup, SimulatorUser } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/**
 * The short forms in which one object embeds another (a group's users, a user's groups, a binding's
 * subject), and the identifiers authentik derives for them. Like every response builder, each
 * object literal is checked with `satisfies Wire<Model>` against the official `@goauthentik/api`
 * model, so a missing or misspelt field fails the type check.
 */

export const defaultAvatar = "/static/dist/assets/images/user_default.png";

export function serializePartialUser(user: SimulatorUser): Wire<PartialUser> {
  return {
    pk: user.pk,
    username: user.username,
    name: user.name ?? "",
    is_active: user.is_active ?? true,
    last_login: user.last_login ?? null,
    email: user.email ?? "",
    attributes: user.attributes ?? {},
    uid: userUid(user),
  } satisfies Wire<PartialUser>;
}

export function serializePartialGroup(group: SimulatorGroup): Wire<PartialGroup> {
  return {
    pk: group.pk,
    num_pk: groupNumPk(group.pk),
    name: group.name,
    is_superuser: group.is_superuser ?? false,
    attributes: group.attributes ?? {},
  } satisfies Wire<PartialGroup>;
}

export function serializeRelatedGroup(group: SimulatorGroup): Wire<RelatedGroup> {
  return {
    pk: group.pk,
    name: group.name,
    is_superuser: group.is_superuser ?? false,
    attributes: group.attributes ?? {},
    group_uuid: group.pk,
  } satisfies Wire<RelatedGroup>;
}

// A pure function of the pk, and hashing thousands of members per page adds up.
const uidCache = new Map<number, string>();

/** authentik's `uid` is a sha256 hex digest tied to the user's pk. */
export function userUid(user: SimulatorUser): string {
  let uid = uidCache.get(user.pk);
  if (uid === undefined) {
    uid = createHash("sha256").update(`authentik-simulator-${user.pk}`).digest("hex");
    uidCache.set(user.pk, uid);
  }
  return uid;
}

/** A stable positive int32 derived from the group uuid (authentik exposes one as `num_pk`). */
export function groupNumPk(uuid: string): number {
  return Number.parseInt(uuid.replace(/-/g, "").slice(0, 7), 16);
}
