import type { Env } from "../config/index.js";
import type { Output } from "./cli-context.js";

/** Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or TERM is dumb. */
export function useColor(output: Output, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return output.isTTY === true && env.TERM !== "dumb";
}
