import { isBindingInForce } from "../access/index.js";
import type { SnapshotApplication, SnapshotBinding } from "../snapshot/index.js";
import { describeTarget, isRowInForce, labelDocumentedTarget, labelLiveTarget } from "./binding-labels.js";
import type { DiffContext } from "./create-diff-context.js";
import { createFinding } from "./create-finding.js";
import { diffBindingRows } from "./diff-binding-rows.js";
import type { DocumentedApplication } from "./document-applications.js";
import { describeEngineMode } from "./describe-engine-mode.js";
import { compareText, formatList } from "./format-list.js";
import { matchBindingRows } from "./match-binding-rows.js";
import type { Finding } from "./types.js";

/**
 * Application and binding findings. Apps are matched by slug; documented binding rows are matched to
 * live bindings of the same target (see matchBindingRows), and every difference in what exists and in
 * what state is a finding. Live bindings that no row stands for are findings when they count.
 */
export function diffApplications(context: DiffContext): Finding[] {
  const findings: Finding[] = [];

  for (const app of context.documented.values()) {
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
    if (context.documented.has(live.slug)) continue;
    // application-undocumented names its group bindings; negated and non-group ones get their own findings.
    const unlisted = context.live.bindingsInForce(live.pk).filter((binding) => binding.negate || binding.kind !== "group");
    findings.push(...diffUnlistedBindings(context, live, unlisted));
    findings.push(undocumentedFinding(context, live));
  }
  return findings;
}

function diffUnboundApplication(context: DiffContext, live: SnapshotApplication): Finding[] {
  const bindings = context.live.bindingsInForce(live.pk);
  if (bindings.length === 0) return [];
  // A negated binding admits nearly everyone and is critical wherever it is.
  const negated = diffUnlistedBindings(context, live, bindings).filter((finding) => finding.kind === "binding-negated");
  return [...negated, nowRestricted(context, live, bindings, "is documented as open to every authenticated user")];
}

function nowRestricted(context: DiffContext, live: SnapshotApplication, bindings: readonly SnapshotBinding[], documented: string): Finding {
  const labels = sortedUnique(bindings.map((binding) => labelBinding(context, binding)));
  return createFinding(
    "application-now-restricted",
    "warning",
    { type: "application", slug: live.slug },
    [],
    labels,
    `${live.name} ${documented}, but it is now bound to ${formatList(labels)}, ` +
      `so only users who pass ${labels.length === 1 ? "that binding" : "those bindings"} can sign in`,
  );
}

function diffBoundApplication(context: DiffContext, app: DocumentedApplication, live: SnapshotApplication): Finding[] {
  const { takenAt } = context.snapshot;
  const inForce = context.live.bindingsInForce(live.pk);
  const matching = matchBindingRows(context, app.rows, context.live.allBindings(live.pk));
  const findings = diffBindingRows(context, live, matching.matches);
  findings.push(
    ...diffUnlistedBindings(
      context,
      live,
      matching.unmatched.filter((binding) => isBindingInForce(binding, takenAt)),
    ),
  );

  const documentedInForce = app.rows.filter((row) => isRowInForce(row, takenAt));
  if (documentedInForce.length > 0 && inForce.length === 0 && context.live.defaultAllows) {
    const lost = matching.matches.filter((match) => isRowInForce(match.row, takenAt));
    findings.push(
      createFinding(
        "application-open",
        "critical",
        { type: "application", slug: app.slug },
        sortedUnique(lost.map((match) => labelDocumentedTarget(match.row.target))),
        [],
        `${live.name} is open to every authenticated user: ${describeLostBindings(lost, takenAt)}`,
      ),
    );
  }
  if (documentedInForce.length === 0 && inForce.length > 0) {
    findings.push(nowRestricted(context, live, inForce, "has no binding in force in the runbook"));
  }

  const documentedMode = app.rows.find((row) => row.policyEngineMode !== null)?.policyEngineMode ?? "any";
  if (inForce.length > 0 && live.policyEngineMode !== documentedMode) {
    findings.push(
      createFinding(
        "application-engine-mode",
        "warning",
        { type: "application", slug: app.slug },
        documentedMode,
        live.policyEngineMode,
        describeEngineMode(live, documentedMode, context),
      ),
    );
  }
  return findings;
}

function describeLostBindings(lost: ReturnType<typeof matchBindingRows>["matches"], takenAt: string): string {
  const labels = sortedUnique(lost.map((match) => labelDocumentedTarget(match.row.target)));
  const subject = labels.length === 1 ? `its only binding (${labels[0] ?? ""})` : `its bindings (${formatList(labels)})`;
  const verb = labels.length === 1 ? "is" : "are";
  const states = new Set(
    lost.map((match) =>
      match.live === null ? "gone" : !match.live.enabled ? "disabled" : isBindingInForce(match.live, takenAt) ? "" : "expired",
    ),
  );
  if (states.size !== 1) return `none of its bindings (${formatList(labels)}) counts any more`;
  const [state] = states;
  return `${subject} ${verb} ${state}`;
}

/** Live bindings in force that the tables do not list: negated ones, group ones and user or policy ones. */
function diffUnlistedBindings(context: DiffContext, live: SnapshotApplication, bindings: readonly SnapshotBinding[]): Finding[] {
  const findings: Finding[] = [];
  for (const binding of bindings) {
    const label = labelLiveTarget(context, binding);
    const subject = { type: "binding", slug: live.slug, group: label } as const;
    if (binding.negate) {
      const admits =
        binding.kind === "group"
          ? `every user who is NOT in ${label}`
          : binding.kind === "user"
            ? `every user except ${label.slice(5)}`
            : `users exactly when ${describeTarget(label)} fails`;
      findings.push(
        createFinding(
          "binding-negated",
          "critical",
          subject,
          false,
          true,
          `${live.name}'s binding to ${describeTarget(label)} is negated, so it admits ${admits}`,
        ),
      );
    } else if (binding.kind === "group") {
      findings.push(
        createFinding(
          "binding-unexpected",
          "warning",
          subject,
          false,
          true,
          `${live.name} is also bound to ${label} (binding ${binding.pk}), which the runbook does not list, so members of ${label} can sign in to it`,
        ),
      );
    } else {
      const unpredictable = binding.kind === "policy" ? " (a snapshot cannot predict a policy's result)" : "";
      findings.push(
        createFinding(
          "binding-non-group",
          "warning",
          subject,
          null,
          label,
          `${live.name} has a binding to ${describeTarget(label)}, which the runbook does not list${unpredictable}`,
        ),
      );
    }
  }
  return findings;
}

function undocumentedFinding(context: DiffContext, live: SnapshotApplication): Finding {
  const bindings = context.live.bindingsInForce(live.pk);
  const subject = { type: "application", slug: live.slug } as const;
  const tables = "the runbook lists it in neither the bindings nor the unbound table";
  if (bindings.length === 0 && context.live.defaultAllows) {
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
  return createFinding(
    "application-undocumented",
    "warning",
    subject,
    null,
    live.name,
    `${live.name} (${live.slug}) ${access}, but ${tables}`,
  );
}

/** A binding as a list names it: the target's label, with "not " when negated. */
function labelBinding(context: DiffContext, binding: SnapshotBinding): string {
  const label = labelLiveTarget(context, binding);
  return binding.negate ? `not ${label}` : label;
}

function sortedUnique(items: readonly string[]): string[] {
  return [...new Set(items)].sort(compareText);
}
