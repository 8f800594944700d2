import { bench, describe } from "vitest";
import { plan } from "../src/manage/index.js";
import { generateAuditInput } from "./generate-audit-input.js";

// The planner works out every step's effect on people on the state the steps before it leave, so its
// cost grows with the number of steps: a large tenant with the generator's drift, and with much more.
const size = { users: 5_000, groups: 500, applications: 300, bindings: 900, policyShare: 0.003, seed: 1 };
const { baseline, snapshot } = generateAuditInput(size);
const heavy = structuredClone(snapshot);
// Every tenth group binding deleted (each one re-created), and 500 users added to groups by hand.
heavy.bindings = heavy.bindings.filter((binding, index) => binding.kind !== "group" || index % 10 !== 0);
for (let index = 0; index < 500; index += 1) {
  const group = heavy.groups[1 + (index % (heavy.groups.length - 1))];
  const user = heavy.users[(index * 7) % heavy.users.length];
  if (group && user && !group.members.includes(user.pk)) group.members = [...group.members, user.pk].sort((a, b) => a - b);
}

for (const [label, live] of [
  ["the generator's drift", snapshot],
  ["heavy drift", heavy],
] as const) {
  const steps = plan(baseline, live).steps.length;
  describe(`plan on 5,000 users, 500 groups, 300 apps, 900 bindings, ${label}: ${steps} steps`, () => {
    bench(
      "plan",
      () => {
        plan(baseline, live);
      },
      { iterations: 5, warmupIterations: 1, time: 0 },
    );
  });
}
