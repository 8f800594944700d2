import type { AuditResult } from "../audit/index.js";
import { SEVERITIES } from "../diff/index.js";
import type { Finding } from "../diff/index.js";
import { compareNames } from "./compare-names.js";
import { describeFewNames, usernameLookup } from "./describe-few-names.js";
import type { OverviewGroup } from "./overview-view.js";

/**
 * One row per group, by name: its direct members (by name when few), the applications a binding in
 * force ties it to, and the findings about it or its members. `findingsByGroup` is keyed by the name the
 * findings use, which is the live name unless the group was renamed.
 */
export function toOverviewGroups(result: AuditResult, findingsByGroup: ReadonlyMap<string, readonly Finding[]>): OverviewGroup[] {
  const { snapshot, live } = result;
  const applicationsByGroup = new Map<string, Set<string>>();
  for (const application of snapshot.applications) {
    for (const binding of live.bindingsInForce(application.pk)) {
      if (binding.kind !== "group" || binding.group === null) continue;
      const pk = binding.group.toLowerCase();
      const applications = applicationsByGroup.get(pk) ?? new Set<string>();
      applications.add(application.pk);
      applicationsByGroup.set(pk, applications);
    }
  }
  const username = usernameLookup(snapshot);
  return [...snapshot.groups]
    .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.pk, b.pk))
    .map((group): OverviewGroup => {
      const findings = findingsByGroup.get(group.name) ?? [];
      return {
        name: group.name,
        superuser: group.isSuperuser,
        members: describeFewNames(group.members.length, () => group.members.map(username)),
        applications: applicationsByGroup.get(group.pk.toLowerCase())?.size ?? 0,
        findings: findings.length,
        findingsLevel: SEVERITIES.find((severity) => findings.some((finding) => finding.severity === severity)) ?? "none",
      };
    });
}
