import { ApiGroup, ApiPolicyBinding, AuthentikApiError } from "../authentik/index.js";
import type { AuthentikClient } from "../authentik/index.js";
import { describeWriteFailure } from "./describe-write-failure.js";
import { groupParentsBody } from "./group-parents-field.js";
import type { ApplyOutcome, BindingSubject, Change, GroupRef, StepOutcome } from "./types.js";

export interface ApplyOptions {
  /** `version_current` of the authentik written to: decides `parent` versus `parents`. */
  authentikVersion: string | null;
  /** Called after each change, applied or failed, so a command can print progress as it goes. */
  onOutcome?: (outcome: StepOutcome, index: number) => void;
}

/**
 * Sends the changes one at a time, in order, and stops at the first failure: every change after it is
 * reported as not attempted, so the outcome says exactly what was and was not done. Failures are values;
 * only a bug throws. This and `sendChange` are the only code that writes to authentik.
 */
export async function apply(changes: readonly Change[], client: AuthentikClient, options: ApplyOptions): Promise<ApplyOutcome> {
  const created = new Map<string, string>();
  const outcomes: StepOutcome[] = [];
  let failed = false;
  for (const [index, change] of changes.entries()) {
    let outcome: StepOutcome;
    if (failed) {
      outcome = { change, status: "not-attempted" };
    } else {
      try {
        const createdPk = await sendChange(client, change, options.authentikVersion, created);
        outcome = { change, status: "applied", ...(createdPk ? { createdPk } : {}) };
      } catch (error) {
        if (!(error instanceof AuthentikApiError) && !(error instanceof UnsendableChangeError)) throw error;
        outcome = { change, status: "failed", failure: describeWriteFailure(error, change) };
        failed = true;
      }
    }
    outcomes.push(outcome);
    options.onOutcome?.(outcome, index);
  }
  return { ok: !failed, outcomes };
}

/** A change that cannot be sent as it stands (a group the plan was to create and did not, too many parents). */
class UnsendableChangeError extends Error {}

/** One change as one request. Returns the pk authentik gave a created group or binding. */
async function sendChange(
  client: AuthentikClient,
  change: Change,
  authentikVersion: string | null,
  created: Map<string, string>,
): Promise<string | undefined> {
  const pkOf = (ref: GroupRef): string => {
    const pk = ref.pk ?? created.get(ref.name);
    if (pk === undefined) throw new UnsendableChangeError(`the group ${ref.name} was to be created earlier in this plan, and was not`);
    return pk;
  };
  const parentsBody = (refs: readonly GroupRef[]) => {
    const body = groupParentsBody(authentikVersion, refs.map(pkOf));
    if (!body.ok) throw new UnsendableChangeError(body.message);
    return body.body;
  };
  switch (change.kind) {
    case "create-group": {
      const body = {
        name: change.name,
        is_superuser: change.isSuperuser,
        ...(change.parents.length > 0 ? parentsBody(change.parents) : {}),
      };
      const group = await client.send("POST", "/core/groups/", ApiGroup, { body });
      if (!group) throw new UnsendableChangeError(`POST /core/groups/ answered without the new group for ${change.name}`);
      created.set(change.name, group.pk);
      return group.pk;
    }
    case "rename-group":
      await client.send("PATCH", "/core/groups/{pk}/", null, { params: { pk: pkOf(change.group) }, body: { name: change.to } });
      return undefined;
    case "set-group-superuser":
      await client.send("PATCH", "/core/groups/{pk}/", null, {
        params: { pk: pkOf(change.group) },
        body: { is_superuser: change.isSuperuser },
      });
      return undefined;
    case "set-group-parents":
      await client.send("PATCH", "/core/groups/{pk}/", null, { params: { pk: pkOf(change.group) }, body: parentsBody(change.parents) });
      return undefined;
    case "add-member":
    case "remove-member": {
      // One user, added or removed by authentik itself: never a replacement of the member list, so a
      // member someone else adds meanwhile is kept (the runbook's PATCH users: [...] would drop them).
      const action = change.kind === "add-member" ? "add_user" : "remove_user";
      await client.send("POST", `/core/groups/{pk}/${action}/`, null, { params: { pk: pkOf(change.group) }, body: { pk: change.userPk } });
      return undefined;
    }
    case "create-binding": {
      const body = {
        target: change.application.pk,
        ...subjectBody(change.subject, pkOf),
        order: change.order,
        enabled: change.enabled,
        negate: change.negate,
        timeout: 30,
      };
      const binding = await client.send("POST", "/policies/bindings/", ApiPolicyBinding, { body });
      return binding?.pk;
    }
    case "update-binding":
      await client.send("PATCH", "/policies/bindings/{pk}/", null, { params: { pk: change.bindingPk }, body: change.set });
      return undefined;
    case "delete-binding":
      await client.send("DELETE", "/policies/bindings/{pk}/", null, { params: { pk: change.bindingPk } });
      return undefined;
    case "set-engine-mode":
      await client.send("PATCH", "/core/applications/{slug}/", null, {
        params: { slug: change.application.slug },
        body: { policy_engine_mode: change.mode },
      });
      return undefined;
  }
}

function subjectBody(subject: BindingSubject, pkOf: (ref: GroupRef) => string): Record<string, string | number> {
  switch (subject.kind) {
    case "group":
      return { group: pkOf(subject.group) };
    case "user":
      return { user: subject.userPk };
    case "policy":
      return { policy: subject.policyPk };
  }
}
