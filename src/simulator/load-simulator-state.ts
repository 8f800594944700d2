import { readFile } from "node:fs/promises";
import { SimulatorStateError } from "./simulator-state-error.js";
import type { SimulatorState } from "./simulator-state.js";
import { validateSimulatorState } from "./validate-simulator-state.js";

/** Reads a JSON state file and validates it; every problem names `file` and the field. */
export async function loadSimulatorState(file: string): Promise<SimulatorState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new SimulatorStateError(file, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`], {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SimulatorStateError(file, [`not valid JSON: ${(error as Error).message}`], { cause: error });
  }
  return validateSimulatorState(json, file);
}
