import { Option } from "commander";
import type { Command } from "commander";
import { resolveAccess, resolveUserAccess } from "../../access/index.js";
import { AuditorError } from "../../errors.js";
import { createPaint, renderAccessMatrixText, renderUserAccessText } from "../../report/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { loadLiveOrSavedSnapshot } from "../load-live-or-saved-snapshot.js";
import { useColor } from "../use-color.js";

export function registerAccessCommand(program: Command, context: CliContext): void {
  program
    .command("access")
    .description("who can access what, and why: authentik's rules applied to every user and application")
    .option("--user <username>", "one user's verdict on every application, with what decided it (exact, case-sensitive)")
    .option("--app <slug>", "only this application")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      "\nUnlike the API's own application list (which only ever shows the token owner's view), this answers for\nany user. Policy bindings (expressions and the like) cannot be evaluated from a snapshot: their users are\n\"indeterminate\". Superusers get no exemption, exactly as in authentik. Exit codes: 0, or 2.",
    )
    .action(async (options: { user?: string; app?: string; format: "text" | "json" }, command: Command) => {
      const snapshot = await loadLiveOrSavedSnapshot(command.optsWithGlobals<GlobalOptions>(), context);
      const accessOptions = { authentikVersion: snapshot.source.authentikVersion };
      if (options.app !== undefined && !snapshot.applications.some((app) => app.slug === options.app)) {
        throw new AuditorError("usage", `no application with slug "${options.app}" (known: ${snapshot.applications.map((app) => app.slug).join(", ") || "none"})`);
      }
      const paint = createPaint(useColor(context.stdout, context.env));

      if (options.user !== undefined) {
        const access = resolveUserAccess(snapshot, options.user, accessOptions);
        if (!access) throw new AuditorError("usage", `no user with username "${options.user}" (usernames are exact and case-sensitive)`);
        const filtered = { ...access, applications: access.applications.filter((app) => options.app === undefined || app.slug === options.app) };
        context.stdout.write(options.format === "json" ? `${JSON.stringify(filtered, null, 2)}\n` : renderUserAccessText(filtered, paint));
        return;
      }
      const matrix = resolveAccess(snapshot, accessOptions);
      const filtered = { applications: matrix.applications.filter((app) => options.app === undefined || app.slug === options.app) };
      context.stdout.write(options.format === "json" ? `${JSON.stringify(filtered, null, 2)}\n` : renderAccessMatrixText(filtered, paint));
    });
}
