/**
 * Changes to authentik: what the planner proposes, the procedure commands make, and `apply` sends.
 * Every change is plain JSON (it is printed by `plan --format json`) and names its objects both by
 * what people read (names, slugs, usernames) and by what authentik needs (pks).
 */
import type { PolicyEngineMode } from "../snapshot/index.js";

/**
 * A group as a change refers to it. `pk` is null for a group that an earlier change of the same plan
 * creates: `apply` then uses the pk that creation returned, found by `name`.
 */
export interface GroupRef {
  name: string;
  pk: string | null;
}

export interface ApplicationRef {
  slug: string;
  name: string;
  /** The application's pbm uuid: what a binding carries as `target`. */
  pk: string;
}

/** Who or what a binding binds. */
export type BindingSubject =
  | { kind: "group"; group: GroupRef }
  | { kind: "user"; username: string; userPk: number }
  | { kind: "policy"; policyPk: string; policyName: string | null };

export type Change =
  | CreateGroupChange
  | RenameGroupChange
  | SetGroupSuperuserChange
  | SetGroupParentsChange
  | AddMemberChange
  | RemoveMemberChange
  | CreateBindingChange
  | UpdateBindingChange
  | DeleteBindingChange
  | SetEngineModeChange;

export type ChangeKind = Change["kind"];

export interface CreateGroupChange {
  kind: "create-group";
  name: string;
  isSuperuser: boolean;
  parents: GroupRef[];
  /** The pk the runbook records for this group, when it records one: authentik will assign another. */
  documentedPk: string | null;
}

export interface RenameGroupChange {
  kind: "rename-group";
  group: GroupRef;
  to: string;
}

export interface SetGroupSuperuserChange {
  kind: "set-group-superuser";
  group: GroupRef;
  isSuperuser: boolean;
}

/** Replaces the group's parents (authentik's write semantics for `parents`/`parent` are replace). */
export interface SetGroupParentsChange {
  kind: "set-group-parents";
  group: GroupRef;
  parents: GroupRef[];
  previous: GroupRef[];
}

export interface AddMemberChange {
  kind: "add-member";
  group: GroupRef;
  username: string;
  userPk: number;
}

export interface RemoveMemberChange {
  kind: "remove-member";
  group: GroupRef;
  username: string;
  userPk: number;
}

export interface CreateBindingChange {
  kind: "create-binding";
  application: ApplicationRef;
  subject: BindingSubject;
  order: number;
  enabled: boolean;
  negate: boolean;
  /** The pk the runbook pins for this binding when that binding no longer exists: the new one gets another. */
  replacesPk: string | null;
}

/** A partial update (PATCH) of an existing binding; only the fields in `set` change. */
export interface UpdateBindingChange {
  kind: "update-binding";
  application: ApplicationRef;
  bindingPk: string;
  subject: BindingSubject;
  set: { enabled?: boolean; negate?: boolean };
  /** The binding's state before, for describing the change. */
  was: { enabled: boolean; negate: boolean };
}

export interface DeleteBindingChange {
  kind: "delete-binding";
  application: ApplicationRef;
  bindingPk: string;
  subject: BindingSubject;
  /** The binding's state, for describing what goes. */
  enabled: boolean;
  negate: boolean;
  /** True when the binding had expired: it counted for nothing. */
  expired: boolean;
}

export interface SetEngineModeChange {
  kind: "set-engine-mode";
  application: ApplicationRef;
  mode: PolicyEngineMode;
  previous: PolicyEngineMode;
}

/** How an application decides, in a word, with the number of active users it admits. */
export interface ApplicationAccessSummary {
  /** "everyone": no binding in force and the tenant default admits all; "nobody": it shuts all out. */
  decidedBy: "everyone" | "nobody" | "bindings";
  allowed: number;
}

/** What one change does to one application's users. Usernames sorted. */
export interface AccessEffect {
  slug: string;
  name: string;
  before: ApplicationAccessSummary;
  after: ApplicationAccessSummary;
  gained: string[];
  lost: string[];
}

/** Who gains or loses superuser status (through a superuser group, direct or inherited). */
export interface SuperuserEffect {
  gained: string[];
  lost: string[];
}

/** A change with what it does to people, worked out on the state the changes before it leave. */
export interface PlannedStep {
  change: Change;
  effects: AccessEffect[];
  superusers: SuperuserEffect;
}

export type UnmanagedKind = "group" | "application" | "binding" | "parents";

/** Something live that the tables do not describe, so the planner leaves it alone. */
export interface UnmanagedObject {
  kind: UnmanagedKind;
  /** A group name, an application slug, or "slug ← user:NAME" for a binding. */
  name: string;
  reason: string;
}

/** Something the planner could not do or wants the reader to know, in one sentence. */
export interface PlanNote {
  level: "warning" | "info";
  message: string;
}

export interface Plan {
  steps: PlannedStep[];
  unmanaged: UnmanagedObject[];
  notes: PlanNote[];
}

/** Why a write failed, for people: authentik's own words, the field errors of a 400, the permission a 403 lacks. */
export interface WriteFailure {
  message: string;
  status: number | null;
  fieldErrors?: Readonly<Record<string, readonly string[]>>;
  /** For a 403: the permission the change needs, e.g. `authentik_core.add_user_to_group`. */
  permission?: string;
}

export type StepStatus = "applied" | "failed" | "not-attempted";

export interface StepOutcome {
  change: Change;
  status: StepStatus;
  /** The pk authentik gave a created group or binding. */
  createdPk?: string;
  failure?: WriteFailure;
}

export interface ApplyOutcome {
  ok: boolean;
  outcomes: StepOutcome[];
}
