import type Handlebars from "handlebars";

/**
 * Every helper the templates may use, registered on the renderer's own Handlebars instance. Views arrive
 * complete and escaped, so the only helper left is layout that depends on a computed string's length.
 */
export function registerHandlebarsHelpers(hbs: typeof Handlebars): void {
  // A Markdown table's delimiter cell as wide as its header cell plus the two spaces around it,
  // matching the runbook's own `| Group |` over `|-------|`.
  hbs.registerHelper("rule", (header: unknown) => "-".repeat(String(header).length + 2));
}
