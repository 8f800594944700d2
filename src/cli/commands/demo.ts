import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import type { DemoCommandOptions } from "./run-demo.js";

// The examples ship with the package, beside dist/ and src/ alike.
const EXAMPLE_STATE = fileURLToPath(new URL("../../../examples/authentik-state.json", import.meta.url));
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../../examples/access-groups.md", import.meta.url));

export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description("try it: a simulated authentik with the example tenant and a few drifts, audited by `serve` against the example runbook")
    .option("--listen <host:port>", "where the service listens", "127.0.0.1:9851")
    .option("--state <file>", "simulator state to serve", EXAMPLE_STATE)
    .option("--baseline <file>", "the runbook to audit against", EXAMPLE_RUNBOOK)
    .option("--no-drift", "serve the state exactly as documented (everything in sync)")
    .addHelpText(
      "after",
      "\nThe drifts: Mailcow's only binding deleted (open to everyone), riley added to media-users,\nand a negated binding on Vaultwarden. Nothing leaves this machine. Stop with Ctrl-C.",
    )
    .action(async (options: DemoCommandOptions) => {
      const { runDemo } = await import("./run-demo.js");
      await runDemo(options, context);
    });
}
