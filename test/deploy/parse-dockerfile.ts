/** One instruction of a Dockerfile: `COPY --from=deps /app/node_modules ./node_modules` -> COPY, its arguments. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string | null;
  instructions: Instruction[];
}

/** Stages of a Dockerfile, continuation lines joined and comments dropped. Enough for our own Dockerfile. */
export function parseDockerfile(text: string): Stage[] {
  const lines = text.replaceAll(/\\\n\s*/g, " ").split("\n");
  const stages: Stage[] = [];
  for (const line of lines.map((raw) => raw.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const [keyword = "", ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (keyword.toUpperCase() === "FROM") {
      stages.push({ name: /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? null, instructions: [] });
    }
    stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

/** `KEY=value KEY2=value2` of ENV instructions (no quoting: ours has none). */
export function envOf(stage: Stage): Record<string, string> {
  return Object.fromEntries(
    stage.instructions
      .filter((instruction) => instruction.keyword === "ENV")
      .flatMap((instruction) =>
        instruction.args.split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
      ),
  );
}

/** The JSON array of an exec-form instruction (ENTRYPOINT, CMD, HEALTHCHECK ... CMD). */
export function execForm(stage: Stage, keyword: string): string[] {
  const instruction = stage.instructions.find((candidate) => candidate.keyword === keyword);
  const json = instruction?.args.slice(instruction.args.indexOf("["));
  if (!json) throw new Error(`no ${keyword} in exec form`);
  return JSON.parse(json) as string[];
}
