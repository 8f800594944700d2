import { fileURLToPath } from "node:url";

/** The parts of V8's `.cpuprofile` format (Chrome DevTools protocol `Profiler.Profile`) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** By function (name, file and line), most self time first. */
  functions: ProfileEntry[];
  /** By file. */
  files: ProfileEntry[];
  /** By area: a src/ folder (via dist/), an npm package, Node's internals, the garbage collector. */
  areas: ProfileEntry[];
}

/**
 * Self time per function, file and area. Each sample's time delta is charged to the node it sampled
 * (as DevTools does, give or take one sampling interval at the edges).
 */
export function summariseCpuProfile(profile: CpuProfile, root: string, top = 20): ProfileSummary {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = shortenPath(url, root);
    const name = file === "" ? functionName || "(native)" : `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    add(functions, name, us);
    add(files, file === "" ? functionName || "(native)" : file, us);
    add(areas, areaOf(file, functionName), us);
  }
  const rank = (map: Map<string, number>, limit: number): ProfileEntry[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: (us / totalUs) * 100 }));
  return { totalMs: totalUs / 1000, functions: rank(functions, top), files: rank(files, top), areas: rank(areas, 15) };
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

/** `dist/baseline/x.js`, `node_modules/micromark/dev/lib/y.js`, `node:internal/...`, or "" for V8's own entries. */
function shortenPath(url: string, root: string): string {
  if (url === "") return "";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  return path.startsWith(root) ? path.slice(root.length) : path;
}

function areaOf(file: string, functionName: string): string {
  if (file === "") return functionName || "(native)";
  const src = /^dist\/([^/]+)\//.exec(file) ?? /^dist\/([^/]+)\.js$/.exec(file);
  if (src) return `src/${src[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (pkg) return `npm: ${pkg[1]}`;
  if (file.startsWith("node:")) return "node: internals";
  return file;
}
