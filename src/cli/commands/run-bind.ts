import { prepareBind, prepareUnbind } from "../../manage/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { runProcedure } from "../run-procedure.js";
import type { WriteCommandOptions } from "../run-procedure.js";

export type BindCommandOptions = WriteCommandOptions;

/** `ak-access bind|unbind APP GROUP`: procedures B and E, with their effect on people before acting. */
export async function runBind(
  action: "bind" | "unbind",
  slug: string,
  group: string,
  options: BindCommandOptions,
  globals: GlobalOptions,
  context: CliContext,
): Promise<void> {
  await runProcedure(
    {
      command: action,
      confirmDrastic: true,
      prepare: async ({ snapshot }) => (action === "bind" ? prepareBind(snapshot, slug, group) : prepareUnbind(snapshot, slug, group)),
    },
    options,
    globals,
    context,
  );
}
