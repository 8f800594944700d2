import { isBindingInForce } from "../access/index.js";
import type { SnapshotApplication } from "../snapshot/index.js";
import { describeTarget, formatState, isRowInForce, labelDocumentedTarget, sameState, stateOf } from "./binding-labels.js";
import type { DiffContext } from "./create-diff-context.js";
import { createFinding } from "./create-finding.js";
import type { RowMatch } from "./match-binding-rows.js";
import type { Finding } from "./types.js";

/** The findings of each documented binding row against the live binding that stands for it. */
export function diffBindingRows(context: DiffContext, live: SnapshotApplication, matches: readonly RowMatch[]): Finding[] {
  const { takenAt } = context.snapshot;
  const findings: Finding[] = [];
  for (const { row, live: binding, missingBecause } of matches) {
    const label = labelDocumentedTarget(row.target);
    const subject = { type: "binding", slug: row.slug, group: label } as const;
    if (binding === null) {
      const reason =
        missingBecause === "group-not-documented"
          ? `: the runbook's groups table has no ${label}, so it cannot be found`
          : missingBecause === "group-gone"
            ? `: ${label} no longer exists in authentik`
            : missingBecause === "group-recreated"
              ? `: ${label} was deleted and created again, and its old bindings went with it`
              : row.target.kind === "user" && !context.usersByUsername.has(row.target.username)
                ? `: authentik has no user named ${row.target.username}`
                : ", although the runbook lists that binding";
      findings.push(
        createFinding(
          "binding-missing",
          "warning",
          subject,
          true,
          false,
          `${live.name} has no binding to ${describeTarget(label)}${reason}`,
        ),
      );
      continue;
    }

    const documented = stateOf(row);
    const actual = stateOf(binding);
    const liveInForce = isBindingInForce(binding, takenAt);
    if (isRowInForce(row, takenAt) && !liveInForce) {
      const how = binding.enabled ? `expired at ${binding.expires ?? "?"}` : "is disabled";
      findings.push(
        createFinding(
          "binding-disabled",
          "warning",
          subject,
          true,
          false,
          `${live.name}'s binding to ${describeTarget(label)} ${how}, so authentik ignores it`,
        ),
      );
    } else if (liveInForce && binding.negate && !row.negate) {
      const admits = row.target.kind === "group" ? `every user who is NOT in ${label}` : "everyone it used to refuse";
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
    } else if (!sameState(documented, actual)) {
      findings.push(
        createFinding(
          "binding-changed",
          "warning",
          subject,
          formatState(documented),
          formatState(actual),
          `${live.name}'s binding to ${describeTarget(label)} is ${formatState(actual)}, but the runbook says ${formatState(documented)}`,
        ),
      );
    }
    if (row.bindingPk !== null && row.bindingPk.toLowerCase() !== binding.pk.toLowerCase()) {
      findings.push(
        createFinding(
          "binding-pk-changed",
          "info",
          subject,
          row.bindingPk,
          binding.pk,
          `${live.name}'s binding to ${describeTarget(label)} has pk ${binding.pk}, not ${row.bindingPk} as the runbook records: it was deleted and created again`,
        ),
      );
    }
  }
  return findings;
}
