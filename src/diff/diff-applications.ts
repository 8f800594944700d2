import { isBindingInForce } from "../access/index.js";
import type { BaselineBinding } from "../baseline/index.js";
import type { SnapshotApplication, SnapshotBinding } from "../snapshot/index.js";
import type { DiffContext } from "./create-diff-context.js";
import { createFinding } from "./create-finding.js";
import { documentApplications } from "./document-applications.js";
import type { DocumentedApplication } from "./document-applications.js";
import { compareText, formatList } from "./format-list.js";
import type { Finding } from "./types.js";

/** Why a documented binding does not count. */
type RowState = "missing" | "disabled" | "expired" | "in-force";

/**
 * Application and binding findings. Apps are matched by slug. Binding rows are matched to live group
 * bindings on the same app whose group is the live group matched to the documented one, so that a
 * binding lost with a recreated group shows as missing even though a group of that name exists.
 */
export function diffApplications(context: DiffContext): Finding[] {
  const documented = documentApplications(context.baseline);
  const findings: Finding[] = [];

  for (const app of documented.values()) {
    const live = context.liveAppsBySlug.get(app.slug);
    if (!live) {
      findings.push(
        createFinding(
          "application-missing",
          "warning",
          { type: "application", slug: app.slug },
          app.name,
          null,
          `The runbook lists ${app.name} (${app.slug}), but authentik has no application with that slug`,
        ),
      );
      continue;
    }
    findings.push(...(app.bound ? diffBoundApplication(context, app, live) : diffUnboundApplication(context, live)));
  }

  for (const live of context.snapshot.applications) {
    const app = documented.get(live.slug);
    // An app documented as unbound that gained bindings gets application-now-restricted, plus
    // binding-negated for a negated one: that admits nearly everyone and is critical wherever it is.
    const nonTable = diffNonTableBindings(context, live);
    if (app && !app.bound) {
      findings.push(...nonTable.filter((finding) => finding.kind === "binding-negated"));
      continue;
    }
    findings.push(...nonTable);
    if (!app) findings.push(undocumentedFinding(context, live));
  }
  return findings;
}

function diffUnboundApplication(context: DiffContext, live: SnapshotApplication): Finding[] {
  const bindings = context.live.bindingsInForce(live.pk);
  if (bindings.length === 0) return [];
  const labels = sortedUnique(bindings.map((binding) => labelBinding(context, binding)));
  return [
    createFinding(
      "application-now-restricted",
      "warning",
      { type: "application", slug: live.slug },
      [],
      labels,
      `${live.name} is documented as open to every authenticated user, but it is now bound to ${formatList(labels)}, ` +
        `so only users who pass ${labels.length === 1 ? "that binding" : "those bindings"} can sign in`,
    ),
  ];
}

function diffBoundApplication(context: DiffContext, app: DocumentedApplication, live: SnapshotApplication): Finding[] {
  const findings: Finding[] = [];
  const all = context.bindingsByTarget.get(live.pk) ?? [];
  const inForce = context.live.bindingsInForce(live.pk);
  const consumed = new Set<SnapshotBinding>();
  const rowStates: { row: BaselineBinding; state: RowState }[] = [];

  for (const row of app.rows) {
    const subject = { type: "binding", slug: app.slug, group: row.group } as const;
    const match = context.groups.byDocumentedName.get(row.group);
    const groupPk = match?.live?.pk;
    const candidates = all.filter((binding) => binding.kind === "group" && binding.group === groupPk && !consumed.has(binding));
    const chosen = chooseBinding(candidates, row.bindingPk, context.snapshot.takenAt);
    if (!chosen) {
      rowStates.push({ row, state: "missing" });
      const reason = !match
        ? `: the runbook's groups table has no ${row.group}, so it cannot be found`
        : !match.live
          ? `: ${row.group} no longer exists in authentik`
          : match.matchedBy === "name"
            ? `: ${row.group} was deleted and created again, and its old bindings went with it`
            : ", although the runbook lists that binding";
      const message = `${live.name} has no binding to ${row.group}${reason}`;
      findings.push(createFinding("binding-missing", "warning", subject, true, false, message));
      continue;
    }
    consumed.add(chosen);
    const inForceNow = isBindingInForce(chosen, context.snapshot.takenAt);
    rowStates.push({ row, state: inForceNow ? "in-force" : chosen.enabled ? "expired" : "disabled" });
    if (!inForceNow) {
      const how = chosen.enabled ? `expired at ${chosen.expires ?? "?"}` : "is disabled";
      findings.push(
        createFinding(
          "binding-disabled",
          "warning",
          subject,
          true,
          false,
          `${live.name}'s binding to ${row.group} ${how}, so authentik ignores it`,
        ),
      );
    }
    if (row.bindingPk !== null && row.bindingPk.toLowerCase() !== chosen.pk.toLowerCase()) {
      findings.push(
        createFinding(
          "binding-pk-changed",
          "info",
          subject,
          row.bindingPk,
          chosen.pk,
          `${live.name}'s binding to ${row.group} has pk ${chosen.pk}, not ${row.bindingPk} as the runbook records: it was deleted and created again`,
        ),
      );
    }
  }

  for (const binding of inForce) {
    if (binding.kind !== "group" || binding.negate || consumed.has(binding)) continue;
    const group = bindingTargetName(context, binding);
    findings.push(
      createFinding(
        "binding-unexpected",
        "warning",
        { type: "binding", slug: app.slug, group },
        false,
        true,
        `${live.name} is also bound to ${group} (binding ${binding.pk}), which the runbook does not list, so members of ${group} can sign in to it`,
      ),
    );
  }

  if (inForce.length === 0 && context.defaultAllows) {
    findings.push(
      createFinding(
        "application-open",
        "critical",
        { type: "application", slug: app.slug },
        sortedUnique(app.rows.map((row) => row.group)),
        [],
        `${live.name} is open to every authenticated user: ${describeLostBindings(rowStates)}`,
      ),
    );
  }
  if (inForce.length > 0 && live.policyEngineMode !== "any") {
    findings.push(
      createFinding(
        "application-engine-mode",
        "warning",
        { type: "application", slug: app.slug },
        "any",
        live.policyEngineMode,
        `${live.name}'s policy engine mode is "${live.policyEngineMode}", so a user must pass every one of its bindings, not just one as the runbook assumes`,
      ),
    );
  }
  return findings;
}

/**
 * Prefers a binding that counts, then the documented pk: duplicates of a group-app binding are
 * possible (the database does not forbid them), and the one that decides access is the one to judge.
 */
function chooseBinding(candidates: readonly SnapshotBinding[], bindingPk: string | null, takenAt: string): SnapshotBinding | undefined {
  const inForce = candidates.filter((binding) => isBindingInForce(binding, takenAt));
  const pool = inForce.length > 0 ? inForce : candidates;
  const pinned = bindingPk?.toLowerCase();
  return pool.find((binding) => binding.pk.toLowerCase() === pinned) ?? pool[0];
}

function describeLostBindings(rowStates: readonly { row: BaselineBinding; state: RowState }[]): string {
  const groups = sortedUnique(rowStates.map(({ row }) => row.group));
  const states = new Set(rowStates.map(({ state }) => state));
  const subject = groups.length === 1 ? `its only binding (${groups[0] ?? ""})` : `its bindings (${formatList(groups)})`;
  const verb = groups.length === 1 ? "is" : "are";
  if (states.size !== 1) return `none of its bindings (${formatList(groups)}) counts any more`;
  const [state] = states;
  if (state === "missing") return `${subject} ${verb} gone`;
  if (state === "expired") return `${subject} ${verb} expired`;
  return `${subject} ${verb} disabled`;
}

/** Bindings the tables cannot express (user and policy bindings) and negated ones, on any live app. */
function diffNonTableBindings(context: DiffContext, live: SnapshotApplication): Finding[] {
  const findings: Finding[] = [];
  for (const binding of context.live.bindingsInForce(live.pk)) {
    const name = bindingTargetName(context, binding);
    if (binding.negate) {
      const subjectGroup = binding.kind === "group" ? name : `${binding.kind}:${name}`;
      const admits =
        binding.kind === "group"
          ? `every user who is NOT in ${name}`
          : binding.kind === "user"
            ? `every user except ${name}`
            : `users exactly when the policy ${name} fails`;
      findings.push(
        createFinding(
          "binding-negated",
          "critical",
          { type: "binding", slug: live.slug, group: subjectGroup },
          false,
          true,
          `${live.name}'s binding to ${binding.kind === "group" ? name : `the ${binding.kind} ${name}`} is negated, ` +
            `so it admits ${admits}`,
        ),
      );
      continue;
    }
    if (binding.kind === "group") continue;
    const unpredictable = binding.kind === "policy" ? ", whose result a snapshot cannot predict and" : ",";
    findings.push(
      createFinding(
        "binding-non-group",
        "warning",
        { type: "application", slug: live.slug },
        null,
        `${binding.kind}:${name}`,
        `${live.name} has a binding to the ${binding.kind} ${name}${unpredictable} which the runbook's tables cannot express`,
      ),
    );
  }
  return findings;
}

function undocumentedFinding(context: DiffContext, live: SnapshotApplication): Finding {
  const bindings = context.live.bindingsInForce(live.pk);
  const subject = { type: "application", slug: live.slug } as const;
  const tables = "the runbook lists it in neither the bindings nor the unbound table";
  if (bindings.length === 0 && context.defaultAllows) {
    return createFinding(
      "application-undocumented",
      "critical",
      subject,
      null,
      live.name,
      `${live.name} (${live.slug}) is open to every authenticated user, and ${tables}`,
    );
  }
  const access =
    bindings.length === 0
      ? "has no binding, so the tenant default shuts everyone out"
      : `is bound to ${formatList(sortedUnique(bindings.map((binding) => labelBinding(context, binding))))}`;
  const message = `${live.name} (${live.slug}) ${access}, but ${tables}`;
  return createFinding("application-undocumented", "warning", subject, null, live.name, message);
}

/** A binding as the tables would name it: the group's name, or `user:NAME` / `policy:NAME`; "not " when negated. */
function labelBinding(context: DiffContext, binding: SnapshotBinding): string {
  const name = bindingTargetName(context, binding);
  const label = binding.kind === "group" ? name : `${binding.kind}:${name}`;
  return binding.negate ? `not ${label}` : label;
}

function bindingTargetName(context: DiffContext, binding: SnapshotBinding): string {
  switch (binding.kind) {
    case "group":
      return binding.group === null ? binding.pk : context.groupLabel(binding.group);
    case "user":
      return binding.user === null ? binding.pk : context.username(binding.user);
    case "policy":
      return binding.policyName ?? binding.policy ?? binding.pk;
  }
}

function sortedUnique(items: readonly string[]): string[] {
  return [...new Set(items)].sort(compareText);
}
