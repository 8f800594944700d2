import { describe, expect, it } from "vitest";
import { resolveAccess } from "../../src/access/index.js";
import { diffBaseline } from "../../src/diff/index.js";
import { createReportRenderer, toQuickReferenceView } from "../../src/report/index.js";
import { appPk, editSnapshot, seedBaseline, seedSnapshot, user, userBinding } from "../fixtures/snapshots.js";

/** The seed with an outpost's account and an integration's service account, both superusers as outposts are. */
const snapshot = editSnapshot(seedSnapshot(), (draft) => {
  draft.users.push(
    user(10, "ak-outpost-1a2b", { type: "internal_service_account", isSuperuser: true }),
    user(11, "backup-bot", { type: "service_account" }),
  );
  draft.bindings = draft.bindings.filter((binding) => binding.target !== appPk("mailcow"));
});

describe("people and service accounts", () => {
  it("lists service accounts apart from people in the access matrix", () => {
    const mailcow = resolveAccess(snapshot).applications.find((app) => app.slug === "mailcow");
    const withBinding = editSnapshot(snapshot, (draft) => {
      draft.bindings.push(userBinding("headplane", 11));
    });
    const headplane = resolveAccess(withBinding).applications.find((app) => app.slug === "headplane");

    expect(mailcow?.everyone).toBe("allow");
    expect(headplane).toMatchObject({ everyone: null, allow: [], serviceAccounts: { allow: ["backup-bot"], indeterminate: [] } });
  });

  it("marks their access changes and groups them apart, and gives them no superuser note", () => {
    const diff = diffBaseline(seedBaseline(), snapshot);

    expect(diff.accessChanges.filter((change) => change.serviceAccount).map((change) => change.username)).toEqual([
      "ak-outpost-1a2b",
      "backup-bot",
    ]);
    expect(diff.accessChangeGroups.map((group) => [group.slug, group.direction, group.serviceAccounts, group.count])).toEqual([
      ["mailcow", "gained", false, 3],
      ["mailcow", "gained", true, 2],
    ]);
    expect(diff.findings.filter((finding) => finding.kind === "superuser-not-exempt").map((finding) => finding.id)).toEqual([
      "superuser-not-exempt:akadmin",
      "superuser-not-exempt:matt",
    ]);
  });

  it("counts people and service accounts apart among the apps open to everyone", () => {
    const view = toQuickReferenceView(snapshot, { baseline: seedBaseline(), sections: { matrix: false, notices: true } });
    const markdown = createReportRenderer().quickReference(view);

    expect(view.notices?.openApplications.find((app) => app.slug === "mailcow")).toEqual({
      application: "Mailcow",
      slug: "mailcow",
      activeUsers: 3,
      activeServiceAccounts: 2,
    });
    expect(markdown).toContain("| Mailcow | mailcow | 3 | 2 |");
  });

  it("counts them apart in the access matrix", () => {
    const view = toQuickReferenceView(snapshot, { baseline: seedBaseline(), sections: { matrix: true, notices: false } });

    expect(view.matrix?.rows.find((row) => row.slug === "mailcow")?.users).toBe("3 (everyone) + 2 service accounts");
    expect(view.matrix?.rows.find((row) => row.slug === "jellyfin")?.users).toBe("1");
  });
});
