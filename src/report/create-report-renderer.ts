import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { registerHandlebarsHelpers } from "./handlebars-helpers.js";
import type { DiffReportView } from "./diff-report-view.js";
import type { OverviewView } from "./overview-view.js";
import type { QuickReferenceView } from "./quick-reference-view.js";

export interface ReportRendererOptions {
  /** Where the `.hbs` files are; defaults to the package's `templates/`. */
  templatesDir?: string;
}

export interface ReportRenderer {
  /** The three headed tables, then the optional matrix and notices sections; ends with one line break. */
  quickReference(view: QuickReferenceView): string;
  diffReport(view: DiffReportView): string;
  overview(view: OverviewView): string;
}

// `../../templates` from both src/report/ and the built dist/report/.
const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

const MARKDOWN_TEMPLATES = ["quick-reference.md.hbs", "diff-report.md.hbs"] as const;
const HTML_TEMPLATES = ["overview.html.hbs"] as const;
const PARTIALS = ["table", "access-matrix", "notices"];

type HandlebarsModule = typeof import("handlebars");
type Template = ReturnType<HandlebarsModule["compile"]>;

/**
 * Reads and compiles every template once, at creation, so a broken or missing template stops the
 * process at start-up rather than at the first request. Files named `_name.md.hbs` are partials.
 */
export function createReportRenderer(options: ReportRendererOptions = {}): ReportRenderer {
  // Loaded here rather than at import, so the text output of `check` and `access` never pays for it.
  const Handlebars = createRequire(import.meta.url)("handlebars") as HandlebarsModule;
  const dir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const sources = readTemplates(dir);
  const hbs = Handlebars.create();
  registerHandlebarsHelpers(hbs);

  const markdown = (file: string): Template => compile(hbs, dir, file, sources, { noEscape: true, strict: true });
  for (const name of PARTIALS) hbs.registerPartial(name, markdown(`_${name}.md.hbs`));
  const quickReference = markdown("quick-reference.md.hbs");
  const diffReport = markdown("diff-report.md.hbs");
  // The one template compiled WITH Handlebars' HTML escaping, against the house default of noEscape: the
  // page shows names and messages that anyone able to create a group or app in authentik controls, and
  // with escaping on, no value can reach the page unescaped, whichever template line prints it.
  const overview = compile(hbs, dir, HTML_TEMPLATES[0], sources, { strict: true });

  return {
    quickReference: (view) => quickReference(view),
    diffReport: (view) => diffReport(view),
    overview: (view) => overview(view),
  };
}

function readTemplates(dir: string): Map<string, string> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith(".hbs"));
  } catch (error) {
    throw new Error(`cannot read the templates directory ${dir}`, { cause: error });
  }
  const wanted = [...MARKDOWN_TEMPLATES, ...HTML_TEMPLATES, ...PARTIALS.map((name) => `_${name}.md.hbs`)];
  const missing = wanted.filter((file) => !files.includes(file));
  if (missing.length > 0) throw new Error(`templates directory ${dir} lacks ${missing.join(", ")}`);
  return new Map(wanted.map((file) => [file, readFileSync(join(dir, file), "utf8")]));
}

function compile(
  hbs: HandlebarsModule,
  dir: string,
  file: string,
  sources: ReadonlyMap<string, string>,
  compileOptions: CompileOptions,
): Template {
  const source = sources.get(file) ?? fail(`template ${file} is not loaded`);
  // Handlebars compiles lazily on first use; parsing now reports a syntax error at start-up, with the file.
  try {
    hbs.parse(source);
  } catch (error) {
    throw new Error(`template ${join(dir, file)} does not parse: ${(error as Error).message}`, { cause: error });
  }
  return hbs.compile(source, compileOptions);
}

type CompileOptions = NonNullable<Parameters<HandlebarsModule["compile"]>[1]>;

function fail(message: string): never {
  throw new Error(message);
}
