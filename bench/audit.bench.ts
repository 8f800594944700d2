import { bench, describe } from "vitest";
import { resolveAccess } from "../src/access/index.js";
import { diffBaseline } from "../src/diff/index.js";
import { generateAuditInput } from "./generate-audit-input.js";
import type { AuditInput } from "./generate-audit-input.js";

const size = { users: 5_000, groups: 500, applications: 300, bindings: 900, seed: 1 };
const inputs: [label: string, input: AuditInput][] = [
  ["a few policy bindings", generateAuditInput({ ...size, policyShare: 0.003 })],
  // Each policy binding in `any` mode turns ~5,000 denials into "indeterminate": ~100,000 access changes.
  ["many policy bindings", generateAuditInput({ ...size, policyShare: 0.02 })],
];

for (const [label, { baseline, snapshot }] of inputs) {
  const { findings, accessChanges } = diffBaseline(baseline, snapshot);
  const title = `5,000 users, 500 groups, 300 apps, 900 bindings, ${label}`;
  describe(`${title}: ${findings.length} findings, ${accessChanges.length} access changes`, () => {
    bench("diffBaseline", () => {
      diffBaseline(baseline, snapshot);
    });

    bench("resolveAccess", () => {
      resolveAccess(snapshot, { authentikVersion: snapshot.source.authentikVersion });
    });
  });
}
