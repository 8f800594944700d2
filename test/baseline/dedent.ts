/**
 * Lets tests write Markdown indented with the code: drops the first line break and the indentation the
 * template's own lines share, so the first written line is line 1 (four leading spaces would otherwise
 * make a code block). Interpolated values are inserted afterwards, untouched.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const marked = strings.join("\u0000");
  const lines = marked
    .replace(/^\n/, "")
    .replace(/\n[ \t]*$/, "")
    .split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = Math.min(...indents);
  let index = 0;
  const text = lines.map((line) => line.slice(common)).join("\n");
  return `${text.replace(/\u0000/g, () => String(values[index++]))}\n`;
}
