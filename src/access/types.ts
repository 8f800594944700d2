/** Who may sign in to which application, and why (PRODUCT.md sections 5 and 6). */

export type AccessResult = "allow" | "deny" | "indeterminate";

/**
 * What decided one user's access to one app:
 * `group:NAME`, `negated group:NAME`, `user:NAME`, `negated user:NAME`, `policy:NAME`, `default`, or
 * `inactive` (authentik refuses inactive users whatever the bindings say).
 * Under `any`, the passing bindings (or, when none passes, every binding that was evaluated);
 * under `all`, the failing bindings (or, when all pass, every binding).
 */
export type AccessVia = string;

export interface ApplicationAccess {
  slug: string;
  name: string;
  /** Set when one rule decides for every active user (no enabled binding: the default applies); then every list is empty. */
  everyone: "allow" | "deny" | null;
  /** Active people (internal and external users) allowed, by username, sorted. */
  allow: string[];
  /** Active people whose result depends on a policy that a snapshot cannot evaluate, sorted. */
  indeterminate: string[];
  /** The same for service accounts (`service_account`, `internal_service_account`), kept apart from people. */
  serviceAccounts: { allow: string[]; indeterminate: string[] };
}

export interface AccessMatrix {
  applications: ApplicationAccess[];
}

export interface UserApplicationAccess {
  slug: string;
  result: AccessResult;
  via: AccessVia[];
}

export interface UserAccess {
  username: string;
  applications: UserApplicationAccess[];
}
