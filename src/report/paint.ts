import { styleText } from "node:util";

export type Paint = (style: "red" | "yellow" | "cyan" | "green" | "bold" | "dim", text: string) => string;

/** ANSI styling when wanted (a TTY without NO_COLOR), plain text otherwise. */
export function createPaint(color: boolean): Paint {
  // The caller has decided (useColor); styleText must not second-guess it from process.stdout.
  return color ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}
