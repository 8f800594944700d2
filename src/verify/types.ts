/** Checking the effective-access model against authentik's own answer (`check_access`). */

/** Why a pair is in the sample: each names a rule whose emulation is worth proving. */
export type SampleReason =
  | "superuser"
  | "nested-group"
  | "negated-binding"
  | "disabled-binding"
  | "expiring-binding"
  | "user-binding"
  | "indeterminate"
  | "random";

export interface VerifyPair {
  userPk: number;
  username: string;
  isActive: boolean;
  slug: string;
  appPk: string;
  /** Sorted, without duplicates. */
  reasons: SampleReason[];
}

/** The model's binding verdict: what authentik's policy engine should answer, `is_active` aside. */
export interface ModelVerdict {
  result: "allow" | "deny" | "indeterminate";
  via: string[];
}

export interface AuthentikVerdict {
  passing: boolean;
  /** The policies' messages (superusers see them); hostile text. */
  messages: string[];
}

export interface VerifiedPair {
  username: string;
  slug: string;
  /** Inactive users cannot sign in whatever the bindings say; check_access ignores that, and so does this comparison. */
  isActive: boolean;
  reasons: SampleReason[];
  model: ModelVerdict;
  authentik: AuthentikVerdict;
}

export interface VerifyReport {
  /** Pairs asked. */
  checked: number;
  /** Pairs where the model's allow/deny matched authentik's. */
  agreements: number;
  /** Pairs where the model said allow or deny and authentik answered the other. */
  disagreements: VerifiedPair[];
  /** Pairs the model called indeterminate (a policy decides), with authentik's answer. */
  resolved: VerifiedPair[];
  /** How many pairs each reason contributed (a pair can have several). */
  reasons: Record<SampleReason, number>;
  /** The seed of the random part of the sample, to repeat a run. */
  seed: number;
}
