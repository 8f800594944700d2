import { printData } from "./print-data.js";
import type { AuthentikClient } from "../authentik/index.js";
import type { Config } from "../config/index.js";
import { AuditorError } from "../errors.js";
import {
  apply,
  describeDrastic,
  isDrastic,
  renderCommandReportText,
  simulateSteps,
  toCommandReportJson,
  toReportedSteps,
} from "../manage/index.js";
import type { CommandReport, Procedure } from "../manage/index.js";
import { takeSnapshot } from "../snapshot/index.js";
import type { Snapshot } from "../snapshot/index.js";
import { askYesNo } from "./ask-yes-no.js";
import { ExitCode } from "./cli-context.js";
import type { CliContext, GlobalOptions } from "./cli-context.js";
import { connect } from "./connect-authentik.js";
import { configFrom } from "./load-live-or-saved-snapshot.js";
import { readRunbookTables, updateRunbookAfterChange } from "./update-runbook-file.js";

/** The options every write command takes. */
export interface WriteCommandOptions {
  dryRun?: boolean;
  format: "text" | "json";
  updateRunbook?: string;
  yes?: boolean;
}

/** A read-write client (only for an explicit write command) and a fresh snapshot taken with it. */
export interface WriteSession {
  config: Readonly<Config>;
  client: AuthentikClient;
  snapshot: Snapshot;
}

/** Write commands act on live state: a saved snapshot would plan against the past. */
export async function openWriteSession(globals: GlobalOptions, context: CliContext): Promise<WriteSession> {
  if (globals.snapshot) throw new AuditorError("usage", "--snapshot: write commands work on live state only; drop --snapshot");
  const config = configFrom(globals, context);
  const client = connect(config, context, "read-write");
  try {
    return { config, client, snapshot: await takeSnapshot(client, { now: context.now }) };
  } catch (error) {
    await client.close();
    throw error;
  }
}

export interface ProcedureRun {
  /** "member add", as the report names it. */
  command: string;
  /** Works out the procedure on the session's snapshot (and may read more through its client). */
  prepare: (session: WriteSession) => Promise<Procedure>;
  /** Whether a change that opens or shuts a whole application needs --yes (or a "y" at the terminal). */
  confirmDrastic: boolean;
}

/**
 * One runbook procedure as a command: snapshot, work out the changes and their effect on people, ask
 * when the effect is drastic, write through src/manage, rewrite the runbook's tables if asked, report.
 * Exit 0 done or already so; 2 refused or failed (the report says what was done).
 */
export async function runProcedure(
  run: ProcedureRun,
  options: WriteCommandOptions,
  globals: GlobalOptions,
  context: CliContext,
): Promise<void> {
  if (options.updateRunbook) await readRunbookTables(options.updateRunbook);
  const session = await openWriteSession(globals, context);
  try {
    const procedure = await run.prepare(session);
    // The message quotes names from authentik and the command line: the CLI's error printing sanitises it.
    if (!procedure.ok) throw new AuditorError("usage", procedure.message);
    const { snapshot } = session;
    const version = snapshot.source.authentikVersion;
    const { steps } = simulateSteps(snapshot, procedure.changes, new Set(), version);
    const base = { command: run.command, unchanged: procedure.unchanged, warnings: procedure.warnings };
    const afterwards = { ...base, warnings: [...procedure.warnings, ...(procedure.afterwards ?? [])] };

    if (options.dryRun) {
      print({ ...afterwards, dryRun: true, ok: true, steps: toReportedSteps(steps, null), runbook: null }, options, context);
      return;
    }
    const drastic = run.confirmDrastic ? steps.flatMap((step) => step.effects.filter(isDrastic)) : [];
    if (drastic.length > 0 && !options.yes) {
      const preview: CommandReport = { ...base, dryRun: false, ok: true, steps: toReportedSteps(steps, null), runbook: null };
      context.stderr.write(renderCommandReportText(preview));
      const reason = drastic.map(describeDrastic).join("; ");
      const answer = await askYesNo(context, "Go ahead?");
      if (answer === null) {
        throw new AuditorError("usage", `${reason}: pass --yes to do it (stdin is not a terminal to ask)`);
      }
      if (!answer) throw new AuditorError("usage", "not confirmed: nothing was changed");
    }

    const outcome = await apply(procedure.changes, session.client, { authentikVersion: version });
    const { runbook, error } =
      outcome.ok && options.updateRunbook
        ? await updateRunbookAfterChange(options.updateRunbook, await takeSnapshot(session.client, { now: context.now }), context.stdout)
        : { runbook: null, error: null };
    const report = outcome.ok ? afterwards : base;
    print({ ...report, dryRun: false, ok: outcome.ok, steps: toReportedSteps(steps, outcome.outcomes), runbook }, options, context);
    if (error) throw error;
    if (!outcome.ok) throw new ExitCode(2);
  } finally {
    await session.client.close();
  }
}

function print(report: CommandReport, options: WriteCommandOptions, context: CliContext): void {
  if (options.format === "json") printData(context.stdout, `${JSON.stringify(toCommandReportJson(report), null, 2)}\n`);
  else context.stdout.write(renderCommandReportText(report));
}
