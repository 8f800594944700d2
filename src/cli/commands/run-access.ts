import { resolveAccess, resolveUserAccess } from "../../access/index.js";
import { AuditorError } from "../../errors.js";
import { describeKnownNames } from "../../text/index.js";
import { createPaint, renderAccessMatrixText, renderUserAccessText } from "../../report/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { printData } from "../print-data.js";
import { loadLiveOrSavedSnapshot } from "../load-live-or-saved-snapshot.js";
import { useColor } from "../use-color.js";

export interface AccessCommandOptions {
  user?: string;
  app?: string;
  format: "text" | "json";
}

/** `ak-access access`: who can access what, and why. */
export async function runAccess(options: AccessCommandOptions, globals: GlobalOptions, context: CliContext): Promise<void> {
  const snapshot = await loadLiveOrSavedSnapshot(globals, context);
  const accessOptions = { authentikVersion: snapshot.source.authentikVersion };
  if (options.app !== undefined && !snapshot.applications.some((app) => app.slug === options.app)) {
    throw new AuditorError(
      "usage",
      `no application with slug "${options.app}" (${describeKnownNames(
        options.app,
        snapshot.applications.map((app) => app.slug),
      )})`,
    );
  }
  const paint = createPaint(useColor(context.stdout, context.env));

  if (options.user !== undefined) {
    const access = resolveUserAccess(snapshot, options.user, accessOptions);
    if (!access) throw new AuditorError("usage", `no user with username "${options.user}" (usernames are exact and case-sensitive)`);
    const filtered = {
      ...access,
      applications: access.applications.filter((app) => options.app === undefined || app.slug === options.app),
    };
    if (options.format === "json") printData(context.stdout, `${JSON.stringify(filtered, null, 2)}\n`);
    else context.stdout.write(renderUserAccessText(filtered, paint));
    return;
  }
  const filtered = resolveAccess(snapshot, options.app === undefined ? accessOptions : { ...accessOptions, slug: options.app });
  if (options.format === "json") printData(context.stdout, `${JSON.stringify(filtered, null, 2)}\n`);
  else context.stdout.write(renderAccessMatrixText(filtered, paint));
}
