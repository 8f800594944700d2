import type { AccessMatrix, UserAccess } from "../access/index.js";
import { sanitizeTerminalText as safe } from "../text/index.js";
import type { Paint } from "./paint.js";

/** `access` as text: one block per application with who may sign in. */
export function renderAccessMatrixText(matrix: AccessMatrix, paint: Paint): string {
  const lines: string[] = [];
  for (const app of matrix.applications) {
    lines.push(`${paint("bold", safe(app.name))} (${safe(app.slug)})`);
    if (app.everyone === "allow") lines.push(`  ${paint("red", "everyone")}: no binding in force, so every active user may sign in`);
    else if (app.everyone === "deny") lines.push(`  ${paint("dim", "no one")}: no binding in force and the tenant's default access is off`);
    else {
      lines.push(`  allow (${app.allow.length}): ${app.allow.length > 0 ? safe(app.allow.join(", ")) : "—"}`);
      if (app.indeterminate.length > 0)
        lines.push(`  ${paint("yellow", "indeterminate")} (${app.indeterminate.length}): ${safe(app.indeterminate.join(", "))}`);
      const { serviceAccounts } = app;
      if (serviceAccounts.allow.length > 0)
        lines.push(
          `  ${paint("dim", "service accounts")} allow (${serviceAccounts.allow.length}): ${safe(serviceAccounts.allow.join(", "))}`,
        );
      if (serviceAccounts.indeterminate.length > 0)
        lines.push(
          `  ${paint("dim", "service accounts")} indeterminate (${serviceAccounts.indeterminate.length}): ${safe(serviceAccounts.indeterminate.join(", "))}`,
        );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `access --user NAME` as text: every application with the verdict and what decided it. */
export function renderUserAccessText(access: UserAccess, paint: Paint): string {
  const width = Math.max(0, ...access.applications.map((app) => safe(app.slug).length));
  const lines = [paint("bold", safe(access.username))];
  for (const app of access.applications) {
    const result =
      app.result === "allow"
        ? paint("green", "allow        ")
        : app.result === "deny"
          ? paint("dim", "deny         ")
          : paint("yellow", "indeterminate");
    lines.push(`  ${safe(app.slug).padEnd(width)}  ${result}  ${safe(app.via.join(", "))}`);
  }
  return `${lines.join("\n")}\n`;
}
