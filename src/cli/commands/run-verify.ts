import { randomInt } from "node:crypto";
import { AuditorError } from "../../errors.js";
import { createPaint, renderVerifyText } from "../../report/index.js";
import { takeSnapshot } from "../../snapshot/index.js";
import { verifyAccess } from "../../verify/index.js";
import type { VerifiedPair, VerifyReport } from "../../verify/index.js";
import { ExitCode } from "../cli-context.js";
import { printData } from "../print-data.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { connect } from "../connect-authentik.js";
import { configFrom } from "../load-live-or-saved-snapshot.js";
import { useColor } from "../use-color.js";

export interface VerifyCommandOptions {
  sample: string;
  app?: string;
  user?: string;
  seed?: string;
  format: "text" | "json";
}

/** check_access runs authentik's policy engine: no more than twenty a second from the command line. */
const PACE_MS = 50;

/** `ak-access verify`: the model's verdicts against authentik's own, for a sample of pairs; exit 1 on a disagreement. */
export async function runVerify(options: VerifyCommandOptions, globals: GlobalOptions, context: CliContext): Promise<void> {
  if (globals.snapshot) {
    throw new AuditorError("usage", "verify compares with authentik as it is now and takes its own snapshot: drop --snapshot");
  }
  const sample = parseCount("--sample", options.sample, 0, 100_000);
  const seed = options.seed === undefined ? randomInt(2 ** 31) : parseCount("--seed", options.seed, 0, 2 ** 32 - 1);
  const config = configFrom(globals, context);
  const client = connect(config, context, "read-only");
  let report: VerifyReport;
  try {
    const snapshot = await takeSnapshot(client, { now: context.now });
    if (options.app !== undefined && !snapshot.applications.some((app) => app.slug === options.app)) {
      throw new AuditorError("usage", `no application with slug "${options.app}"`);
    }
    if (options.user !== undefined && !snapshot.users.some((user) => user.username === options.user)) {
      throw new AuditorError("usage", `no user with username "${options.user}" (usernames are exact and case-sensitive)`);
    }
    report = await verifyAccess(client, snapshot, {
      sample,
      seed,
      app: options.app,
      user: options.user,
      concurrency: config.concurrency,
      paceMs: PACE_MS,
    });
  } finally {
    await client.close();
  }

  if (options.format === "json") {
    printData(context.stdout, `${JSON.stringify(toVerifyJson(report), null, 2)}\n`);
  } else {
    context.stdout.write(renderVerifyText(report, createPaint(useColor(context.stdout, context.env))));
  }
  if (report.disagreements.length > 0) throw new ExitCode(1);
}

function toVerifyJson(report: VerifyReport) {
  const pair = (verified: VerifiedPair) => ({
    username: verified.username,
    slug: verified.slug,
    active: verified.isActive,
    reasons: verified.reasons,
    model: verified.model,
    authentik: verified.authentik,
  });
  return {
    agree: report.disagreements.length === 0,
    checked: report.checked,
    agreements: report.agreements,
    disagreements: report.disagreements.map(pair),
    resolved: report.resolved.map(pair),
    sample: { seed: report.seed, reasons: report.reasons },
  };
}

function parseCount(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
    throw new AuditorError("usage", `${flag} ${JSON.stringify(value)}: expected a whole number from ${min} to ${max}`);
  }
  return number;
}
