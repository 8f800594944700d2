/**
 * Service accounts (`service_account`, and the `internal_service_account` an outpost runs as) are not
 * people: access views and counts keep them apart, so "52 people gained access" means people.
 */
export function isServiceAccount(user: { type: string }): boolean {
  return user.type === "service_account" || user.type === "internal_service_account";
}
