import type { DiffContext } from "./create-diff-context.js";
import { createFinding } from "./create-finding.js";
import { compareText, formatList } from "./format-list.js";
import type { GroupMatch } from "./match-groups.js";
import type { Finding } from "./types.js";

/** Group findings (missing, undocumented, recreated, renamed, superuser status) and membership findings. */
export function diffGroups(context: DiffContext): Finding[] {
  const findings: Finding[] = [];
  for (const match of context.groups.matches) findings.push(...diffGroup(context, match));
  for (const group of context.groups.undocumented) {
    findings.push(
      createFinding(
        "group-undocumented",
        "info",
        { type: "group", name: group.name },
        null,
        group.pk,
        `${group.name} exists in authentik (pk ${group.pk}) but is not in the runbook's groups table`,
      ),
    );
  }
  return findings;
}

function diffGroup(context: DiffContext, match: GroupMatch): Finding[] {
  const { documented, live } = match;
  const subject = { type: "group", name: documented.name } as const;
  if (!live) {
    const boundApps = context.baseline.bindings
      .filter((row) => row.target.kind === "group" && row.target.name === documented.name)
      .map((row) => row.application);
    const consequence =
      boundApps.length > 0 ? `, so the bindings of ${formatList([...new Set(boundApps)].sort(compareText))} to it are gone too` : "";
    return [
      createFinding(
        "group-missing",
        boundApps.length > 0 ? "critical" : "warning",
        subject,
        documented.pk,
        null,
        `${documented.name} (pk ${documented.pk}) no longer exists in authentik, under that pk or that name${consequence}`,
      ),
    ];
  }

  const findings: Finding[] = [];
  if (match.matchedBy === "pk" && live.name !== documented.name) {
    findings.push(
      createFinding(
        "group-renamed",
        "warning",
        subject,
        documented.name,
        live.name,
        `The group the runbook calls ${documented.name} (pk ${live.pk}) is now named ${live.name} in authentik; ` +
          "its bindings still work, but anything that looks it up by the old name, such as this runbook or a script, will not find it",
      ),
    );
  }
  if (match.matchedBy === "name") {
    findings.push(
      createFinding(
        "group-pk-changed",
        "warning",
        subject,
        documented.pk,
        live.pk,
        `${documented.name} now has pk ${live.pk} instead of ${documented.pk}: it was deleted and created again, and authentik deleted the old group's bindings with it`,
      ),
    );
  }
  if (live.isSuperuser !== documented.isSuperuser) {
    findings.push(
      live.isSuperuser
        ? createFinding(
            "group-superuser-changed",
            "critical",
            subject,
            false,
            true,
            `${documented.name} is now a superuser group, so its members can administer authentik, but the runbook does not mark it (superuser)`,
          )
        : createFinding(
            "group-superuser-changed",
            "warning",
            subject,
            true,
            false,
            `${documented.name} is no longer a superuser group, although the runbook marks it (superuser)`,
          ),
    );
  }
  const documentedParents = [...new Set(documented.parents)].sort(compareText);
  const liveParents = [...new Set(live.parents.map((pk) => context.groupLabel(pk)))].sort(compareText);
  if (documentedParents.join("\n") !== liveParents.join("\n")) {
    const describe = (parents: readonly string[]): string => (parents.length === 0 ? "no parent group" : `parents ${formatList(parents)}`);
    findings.push(
      createFinding(
        "group-parents-changed",
        "warning",
        subject,
        documentedParents,
        liveParents,
        `${documented.name} now has ${describe(liveParents)}, but the runbook says ${describe(documentedParents)}; ` +
          "members of a group pass every binding of the groups above it",
      ),
    );
  }
  findings.push(...diffMembers(context, match));
  return findings;
}

function diffMembers(context: DiffContext, match: GroupMatch): Finding[] {
  const { documented, live } = match;
  if (!live) return [];
  // The documented state already holds the members as pks: when every username resolved and the lists
  // agree, there is nothing to report, and a 50,000-user tenant in sync skips the per-user work.
  const expected = context.expected.membership.groupsByPk.get(documented.pk);
  if (expected && expected.members.length === documented.members.length && sameNumbers(expected.members, live.members)) return [];
  const findings: Finding[] = [];
  const documentedUsernames = new Set(documented.members);
  const liveMembers = new Set(live.members);

  for (const username of documentedUsernames) {
    const subject = { type: "user", username, group: documented.name } as const;
    const user = context.usersByUsername.get(username);
    if (!user) {
      findings.push(
        createFinding(
          "member-unknown",
          "warning",
          subject,
          true,
          null,
          `The runbook lists ${username} in ${documented.name}, but authentik has no user named ${username}`,
        ),
      );
    } else if (!liveMembers.has(user.pk)) {
      findings.push(
        createFinding(
          "member-removed",
          "warning",
          subject,
          true,
          false,
          `The runbook lists ${username} in ${documented.name}, but ${username} is no longer a direct member of it`,
        ),
      );
    }
  }

  const superuserSource = context.superuserSourceByGroupPk.get(live.pk);
  for (const pk of live.members) {
    const username = context.username(pk);
    if (documentedUsernames.has(username)) continue;
    const subject = { type: "user", username, group: documented.name } as const;
    if (superuserSource) {
      const through = superuserSource.pk === live.pk ? "" : ` (through ${superuserSource.name})`;
      findings.push(
        createFinding(
          "member-added",
          "critical",
          subject,
          false,
          true,
          `${username} was added to ${documented.name}, a superuser group${through}, which the runbook does not list`,
        ),
      );
    } else {
      findings.push(
        createFinding(
          "member-added",
          "warning",
          subject,
          false,
          true,
          `${username} was added to ${documented.name}, which the runbook does not list`,
        ),
      );
    }
  }
  return findings;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
