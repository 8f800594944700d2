import { AuthentikApiError, formatFieldErrors } from "../authentik/index.js";
import type { Change, WriteFailure } from "./types.js";

/** The permission each write needs (authentik's codenames, as a role or a user is granted them). */
export function permissionFor(change: Change): string {
  switch (change.kind) {
    case "create-group":
      return "authentik_core.add_group";
    case "rename-group":
    case "set-group-parents":
      return "authentik_core.change_group";
    case "set-group-superuser":
      return `authentik_core.change_group and authentik_core.${change.isSuperuser ? "enable" : "disable"}_group_superuser`;
    case "add-member":
      return "authentik_core.add_user_to_group";
    case "remove-member":
      return "authentik_core.remove_user_from_group";
    case "create-binding":
      return "authentik_policies.add_policybinding";
    case "update-binding":
      return "authentik_policies.change_policybinding";
    case "delete-binding":
      return "authentik_policies.delete_policybinding";
    case "set-engine-mode":
      return "authentik_core.change_application";
  }
}

/**
 * A failed write for people: a 400 with its field errors in authentik's words, a 403 with the
 * permission the token's user lacks, and for a write that got no answer, that it may have happened.
 */
export function describeWriteFailure(error: unknown, change: Change): WriteFailure {
  if (!(error instanceof AuthentikApiError)) {
    return { message: error instanceof Error ? error.message : String(error), status: null };
  }
  const what = `${error.method} ${error.route}`;
  if (error.status === null) {
    const unknown =
      error.method === "GET" ? "" : "; authentik may or may not have made this change (`ak-access plan` shows where it stands)";
    return { message: `${error.message}${unknown}`, status: null };
  }
  if (error.status === 400) {
    const fieldErrors = error.fieldErrors;
    const why = fieldErrors ? formatFieldErrors(fieldErrors) : error.detail ? JSON.stringify(error.detail) : "no reason given";
    return { message: `${what} answered 400 Bad Request: ${why}`, status: 400, ...(fieldErrors ? { fieldErrors } : {}) };
  }
  if (error.status === 403 || error.status === 401) {
    if (error.detail === "Token invalid/expired") {
      return { message: `${what} answered ${error.status}: the token is invalid or expired ("${error.detail}")`, status: error.status };
    }
    const permission = permissionFor(change);
    const said = error.detail ? ` ("${error.detail}")` : "";
    return {
      message: `${what} answered ${error.status} Forbidden${said}: the token's user lacks the permission ${permission}${scopeOf(change)}`,
      status: error.status,
      permission,
    };
  }
  if (error.status === 404) {
    return {
      message: `${what} answered 404${error.detail ? ` ("${error.detail}")` : ""}: the object is gone, or the token's user cannot see it`,
      status: 404,
    };
  }
  return { message: error.message, status: error.status };
}

/** authentik checks these permissions globally or on the one object, so either grant works. */
function scopeOf(change: Change): string {
  switch (change.kind) {
    case "add-member":
    case "remove-member":
    case "rename-group":
    case "set-group-parents":
    case "set-group-superuser":
      return ` (globally, or on the group ${change.group.name})`;
    case "update-binding":
    case "delete-binding":
      return " (globally, or on that binding)";
    case "set-engine-mode":
      return ` (globally, or on the application ${change.application.slug})`;
    default:
      return "";
  }
}
