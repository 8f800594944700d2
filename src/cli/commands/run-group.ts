import { readFile } from "node:fs/promises";
import { parseBaseline } from "../../baseline/index.js";
import { findExpressionPolicyMentions, findRunbookReferences, prepareGroupCreate, prepareGroupRename } from "../../manage/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { runProcedure } from "../run-procedure.js";
import type { WriteCommandOptions, WriteSession } from "../run-procedure.js";

export interface GroupCreateOptions extends WriteCommandOptions {
  parent?: string;
}

export type GroupRenameOptions = WriteCommandOptions;

/** `ak-access group create NAME [--parent GROUP]`: procedure A. */
export async function runGroupCreate(
  name: string,
  options: GroupCreateOptions,
  globals: GlobalOptions,
  context: CliContext,
): Promise<void> {
  await runProcedure(
    { command: "group create", confirmDrastic: false, prepare: async ({ snapshot }) => prepareGroupCreate(snapshot, name, options.parent) },
    options,
    globals,
    context,
  );
}

/** `ak-access group rename OLD NEW`: procedure F, with the references that will not follow. */
export async function runGroupRename(
  oldName: string,
  newName: string,
  options: GroupRenameOptions,
  globals: GlobalOptions,
  context: CliContext,
): Promise<void> {
  const prepare = async (session: WriteSession) => {
    const procedure = prepareGroupRename(session.snapshot, oldName, newName);
    if (!procedure.ok || procedure.changes.length === 0) return procedure;
    const change = procedure.changes[0];
    const from = change?.kind === "rename-group" ? change.group.name : oldName;
    const references = [
      ...(options.updateRunbook ? [] : await describeRunbookReferences(session, from)),
      ...(await describePolicyReferences(session, from)),
    ];
    return { ...procedure, afterwards: references };
  };
  await runProcedure({ command: "group rename", confirmDrastic: false, prepare }, options, globals, context);
}

/** The runbook (--baseline) names groups: those lines will not follow a rename unless --update-runbook rewrites them. */
async function describeRunbookReferences(session: WriteSession, name: string): Promise<string[]> {
  const file = session.config.baselineFile;
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) return [];
  const { baseline } = parseBaseline(text, file);
  if (!baseline) return [`${file}: its tables do not parse, so the lines naming ${name} could not be listed`];
  const lines = findRunbookReferences(baseline, name);
  if (lines.length === 0) return [];
  const where = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(", ")}`;
  return [`${file} still names ${name} on ${where}: pass --update-runbook ${file} to rewrite its tables`];
}

async function describePolicyReferences(session: WriteSession, name: string): Promise<string[]> {
  const mentions = await findExpressionPolicyMentions(session.client, name);
  if (!mentions.readable) return [`expression policies could not be checked for "${name}": ${mentions.reason}`];
  return mentions.policies.map(
    (policy) => `expression policy ${policy.name} (${policy.pk}) mentions "${name}" and will not follow the rename: edit its expression`,
  );
}
