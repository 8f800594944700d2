import { AuditorError } from "../../errors.js";
import { lookupUsers, prepareMembership } from "../../manage/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { runProcedure } from "../run-procedure.js";
import type { WriteCommandOptions } from "../run-procedure.js";

export type MemberCommandOptions = WriteCommandOptions;

/** `ak-access member add|remove GROUP USER...`: procedures C and D, one user at a time. */
export async function runMember(
  action: "add" | "remove",
  group: string,
  usernames: readonly string[],
  options: MemberCommandOptions,
  globals: GlobalOptions,
  context: CliContext,
): Promise<void> {
  await runProcedure(
    {
      command: `member ${action}`,
      confirmDrastic: false,
      prepare: async ({ client, snapshot }) => {
        const { found, missing } = await lookupUsers(client, [...new Set(usernames)]);
        // Every name is checked before anything is written: a typo must not leave half the users added.
        if (missing.length > 0) {
          throw new AuditorError(
            "usage",
            `no user named ${missing.map((name) => `"${name}"`).join(", ")} (usernames are exact and case-sensitive): nothing was changed`,
          );
        }
        const byUsername = new Map(found.map((user) => [user.username, user]));
        return prepareMembership(
          snapshot,
          group,
          [...new Set(usernames)].flatMap((name) => byUsername.get(name) ?? []),
          action,
        );
      },
    },
    options,
    globals,
    context,
  );
}
