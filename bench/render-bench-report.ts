import type { BenchResults, StateResult } from "./bench-results.js";
import { STAGE_LABELS, type StageName } from "./measure-stages.js";
import type { RouteMeasure } from "./measure-service.js";
import { formatBytes, formatCount, formatMs, formatRatio } from "./stats.js";

type Row = [label: string, value: (state: StateResult) => string];

/** The results as Markdown: one column per state, then start-up, the targets and the profile. */
export function renderBenchReport(results: BenchResults): string {
  const { options, states } = results;
  const stageRows: Row[] = (Object.keys(STAGE_LABELS) as StageName[]).map((name) => [
    STAGE_LABELS[name],
    (state) => {
      const stage = state.stages.stages[name];
      const warm = Number.isFinite(stage.warmCpuMs) ? ` / ${formatMs(stage.warmCpuMs)}` : "";
      const size = stage.bytes > 0 ? ` (${formatBytes(stage.bytes)})` : "";
      return `${formatMs(stage.coldCpuMs)}${warm}${size}`;
    },
  ]);
  const rows: Row[] = [
    ["**State**", () => ""],
    [
      "users / groups (nested) / apps / bindings",
      ({ counts: c }) =>
        `${formatCount(c.users)} / ${formatCount(c.groups)} (${formatCount(c.nestedGroups)}) / ${formatCount(c.applications)} / ${formatCount(c.bindings)}`,
    ],
    ["runbook / snapshot file", ({ files }) => `${formatBytes(files.runbookBytes)} / ${formatBytes(files.snapshotBytes)}`],
    [`**Snapshot** (latency ${options.latencyMs} ms, concurrency ${options.concurrency})`, () => ""],
    ["requests / page floor", ({ snapshot: s }) => `${formatCount(s.requests)} / ${formatCount(s.pageFloor)}`],
    [
      "wall (median, after a warm-up run) / latency floor",
      ({ snapshot: s }) => `${formatMs(s.wallMs.median)} / ${formatMs(s.latencyFloorMs)} = ${formatRatio(s.floorRatio)}`,
    ],
    [
      "client CPU during the snapshot; wall at 0 ms latency",
      ({ snapshot: s }) => `${formatMs(s.clientCpuMs)}; ${formatMs(s.wallAtZeroLatencyMs)}`,
    ],
    [
      "runbook's loop (sequential): requests, wall, × snapshot",
      ({ runbookLoop: l }) => `${formatCount(l.requests)}, ${formatMs(l.wallMs)}, ${formatRatio(l.timesSnapshot)}`,
    ],
    [
      "object by object (concurrency 4): requests, wall, × snapshot",
      ({ objectRefresh: l }) => `${formatCount(l.requests)}, ${formatMs(l.wallMs)}, ${formatRatio(l.timesSnapshot)}`,
    ],
    ["**CPU per stage** in-process, cold / warm (size)", () => ""],
    ...stageRows,
    ["check's pure stages (parse + parse + diff, cold)", ({ stages }) => formatMs(stages.checkPureCpuMs)],
    [
      "findings / access changes / in sync",
      ({ stages: s }) => `${formatCount(s.findings)} / ${formatCount(s.accessChanges)} / ${s.inSync ? "yes" : "no"}`,
    ],
    [
      "error in the last table row names its line",
      ({ stages: s }) => (s.errorLine.ok ? `yes (line ${s.errorLine.expected})` : `no: ${s.errorLine.reported ?? "no problem"}`),
    ],
    ["**`ak-access check --snapshot`** (built CLI, whole process)", () => ""],
    ["CPU (median) / peak RSS / wall", ({ check: c }) => `${formatMs(c.cpuMs)} / ${c.maxRssMb.toFixed(0)} MB / ${formatMs(c.wallMs)}`],
    ["**Service** (`startService`, real socket)", () => ""],
    ["`/metrics`: first / repeated, size, ETag", ({ service }) => describeRoute(service.metrics)],
    ["`/`: first / repeated, size (gzip), ETag", ({ service }) => describeRoute(service.overview)],
    ["audit (`POST /-/refresh`), median", ({ service }) => formatMs(service.auditMs)],
    [
      "RSS after warm-up → after N audits",
      ({ service: s }) =>
        `${s.afterWarmup.rssMb.toFixed(0)} → ${s.afterAudits.rssMb.toFixed(0)} MB (${s.rssGrowthPercent >= 0 ? "+" : ""}${s.rssGrowthPercent.toFixed(1)} %, ${s.warmupAudits} + ${s.audits}${s.audits < s.auditsAsked ? ` of ${s.auditsAsked}, time budget` : ""} audits)`,
    ],
    [
      "RSS after a full GC, same points",
      ({ service: s }) =>
        `${s.afterWarmup.rssAfterGcMb.toFixed(0)} → ${s.afterAudits.rssAfterGcMb.toFixed(0)} MB (${s.rssAfterGcGrowthPercent >= 0 ? "+" : ""}${s.rssAfterGcGrowthPercent.toFixed(1)} %)`,
    ],
    [
      "heap after GC, same points",
      ({ service: s }) => `${s.afterWarmup.heapAfterGcMb.toFixed(0)} → ${s.afterAudits.heapAfterGcMb.toFixed(0)} MB`,
    ],
  ];

  const out: string[] = [];
  out.push(`## ak-access benchmark${options.smoke ? " (smoke)" : ""}`, "");
  out.push(
    `${results.startedAt}, ${results.durationSeconds.toFixed(0)} s, commit ${results.commit?.slice(0, 10) ?? "unknown"}, Node ${results.machine.node}, ${results.machine.cpus} CPUs, load average ${results.loadAverage.start.toFixed(1)} → ${results.loadAverage.end.toFixed(1)}; rusage by ${results.rusage === "time" ? "/usr/bin/time -v" : "process.resourceUsage()"}.`,
    "",
  );
  out.push(`| | ${states.map((state) => state.name).join(" | ")} |`, `| --- | ${states.map(() => "---").join(" | ")} |`);
  for (const [label, value] of rows) out.push(`| ${label} | ${states.map((state) => value(state)).join(" | ")} |`);
  out.push("");
  const { startup } = results;
  out.push(
    `Start-up: \`ak-access --version\` ${formatMs(startup.versionMs)} vs \`node -e 0\` ${formatMs(startup.nodeMs)} (median of ${startup.versionRunsMs.length}): ${formatRatio(startup.ratio)}; one run each: CPU ${formatMs(startup.version.cpuMs)} vs ${formatMs(startup.node.cpuMs)}, peak RSS ${startup.version.maxRssMb.toFixed(0)} vs ${startup.node.maxRssMb.toFixed(0)} MB.`,
    "",
  );
  out.push("### Targets (issue 9, item 2)", "");
  for (const target of results.targets) out.push(`- ${target.target}: **${target.met ? "met" : "not met"}** (${target.measured})`);
  out.push("");
  if (results.profile) {
    const { profile } = results;
    out.push(`### Profile: \`check --snapshot\` at ${profile.state}, ${formatMs(profile.totalMs)} sampled (\`${profile.file}\`)`, "");
    out.push("| self time | % | function (file:line) |", "| ---: | ---: | --- |");
    for (const entry of profile.functions)
      out.push(`| ${formatMs(entry.selfMs)} | ${entry.percent.toFixed(1)} | ${escapeCell(entry.name)} |`);
    out.push("", "| self time | % | file |", "| ---: | ---: | --- |");
    for (const entry of profile.files.slice(0, 10))
      out.push(`| ${formatMs(entry.selfMs)} | ${entry.percent.toFixed(1)} | ${escapeCell(entry.name)} |`);
    out.push("", "| self time | % | area |", "| ---: | ---: | --- |");
    for (const entry of profile.areas) out.push(`| ${formatMs(entry.selfMs)} | ${entry.percent.toFixed(1)} | ${escapeCell(entry.name)} |`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

function describeRoute(route: RouteMeasure): string {
  const etag = route.notModified ? "304" : route.etagStable ? "stable, no 304" : "changes";
  return `${formatMs(route.firstMs)} / ${formatMs(route.repeatMs)}, ${formatBytes(route.bytes)} (${formatBytes(route.gzipBytes)}), ${etag}`;
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}
