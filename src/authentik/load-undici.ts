import { createRequire } from "node:module";

export type Undici = typeof import("undici");
let undiciModule: Undici | undefined;
/** undici is loaded when the first client is made: commands that work from a saved snapshot never pay for it. */
export function undici(): Undici {
  undiciModule ??= createRequire(import.meta.url)("undici") as Undici;
  return undiciModule;
}
