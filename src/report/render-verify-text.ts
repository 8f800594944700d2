import { sanitizeTerminalText } from "../text/index.js";
import type { VerifiedPair, VerifyReport } from "../verify/index.js";
import type { Paint } from "./paint.js";

/** `verify` as text: the verdict line, what the sample covered, each disagreement, then the resolved pairs. */
export function renderVerifyText(report: VerifyReport, paint: Paint): string {
  const agreeing = report.disagreements.length === 0;
  const verdict = agreeing
    ? paint("green", "the model agrees with authentik")
    : paint("red", paint("bold", "the model disagrees with authentik"));
  const covered = Object.entries(report.reasons)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(", ");
  const lines = [
    `${verdict}: ${report.checked} pairs checked with check_access, ${report.agreements} agree, ${report.disagreements.length} disagree, ${report.resolved.length} indeterminate resolved`,
    paint("dim", `sample: ${covered || "nothing to check"} (seed ${report.seed})`),
  ];
  if (report.disagreements.length > 0) {
    lines.push("", paint("red", paint("bold", `DISAGREEMENTS (${report.disagreements.length})`)));
    lines.push(...table(report.disagreements, (pair) => [`model ${describeModel(pair)}`, `authentik ${describeAnswer(pair)}`]));
  }
  if (report.resolved.length > 0) {
    lines.push("", paint("bold", `RESOLVED (${report.resolved.length})`));
    lines.push(...table(report.resolved, (pair) => [`model ${describeModel(pair)}`, `-> authentik ${describeAnswer(pair)}`]));
  }
  return `${lines.join("\n")}\n`;
}

function table(pairs: readonly VerifiedPair[], rest: (pair: VerifiedPair) => string[]): string[] {
  const users = pairs.map((pair) => clean(pair.username) + (pair.isActive ? "" : " (inactive)"));
  const slugs = pairs.map((pair) => clean(pair.slug));
  const userWidth = Math.max(...users.map((user) => user.length));
  const slugWidth = Math.max(...slugs.map((slug) => slug.length));
  return pairs.map((pair, i) => `  ${(users[i] ?? "").padEnd(userWidth)}  ${(slugs[i] ?? "").padEnd(slugWidth)}  ${rest(pair).join("  ")}`);
}

function describeModel(pair: VerifiedPair): string {
  const via = pair.model.via.length > 0 ? ` via ${clean(pair.model.via.join(", "))}` : "";
  return `${pair.model.result}${via}`;
}

function describeAnswer(pair: VerifiedPair): string {
  const messages = pair.authentik.messages.length > 0 ? ` (${clean(pair.authentik.messages.join("; "))})` : "";
  return `${pair.authentik.passing ? "allow" : "deny"}${messages}`;
}

/** Names and policy messages come from authentik: shown, never obeyed, by the one terminal sanitiser. */
function clean(text: string): string {
  return sanitizeTerminalText(text);
}
