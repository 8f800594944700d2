import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";

/**
 * Small, typed panel recipes over the foundation SDK, so a new panel is one call with its PromQL.
 * Every query goes to the dashboard's `$datasource` and selects the auditor with `$instance`
 * (one auditor per authentik instance), through `series()`.
 */

/** A panel the dashboard can number: every SDK panel builder has `id()`. */
export type Panel = cog.Builder<dashboard.Panel> & { id(id: number): unknown };

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JavaScript template.
export const DATASOURCE_VARIABLE: common.DataSourceRef = { type: "prometheus", uid: "${datasource}" };

/** `metric{instance="$instance", ...matchers}`: a metric of the auditor chosen on the dashboard. */
export function series(metric: string, ...matchers: string[]): string {
  return `${metric}{${['instance="$instance"', ...matchers].join(",")}}`;
}

export interface QuerySpec {
  expr: string;
  /** Legend template, e.g. "{{slug}}". */
  legend?: string;
}

function rangeQuery(query: QuerySpec, refId: string): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder().datasource(DATASOURCE_VARIABLE).refId(refId).expr(query.expr).range();
  return query.legend ? builder.legendFormat(query.legend) : builder;
}

function instantTableQuery(expr: string, refId: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE_VARIABLE)
    .refId(refId)
    .expr(expr)
    .instant()
    .format(prometheus.PromQueryFormat.Table);
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function refId(index: number): string {
  const id = REF_IDS[index];
  if (!id) throw new Error(`a panel has at most ${REF_IDS.length} queries`);
  return id;
}

export interface Size {
  /** Grid columns, of 24. */
  width: number;
  height: number;
}

export interface StatSpec extends Size {
  title: string;
  description: string;
  expr: string;
  legend?: string;
  unit?: string;
  /** Exact values shown as text with a colour, e.g. 1 -> "OK" green. */
  states?: { value: number; text: string; color: string }[];
  /** Colour steps from the lowest value up: [base colour, then { value, color } steps]. */
  thresholds?: [string, ...{ value: number; color: string }[]];
}

/** One number: the latest value of `expr` (several when it returns several series). */
export function statPanel(spec: StatSpec): Panel {
  const builder = new stat.PanelBuilder()
    .datasource(DATASOURCE_VARIABLE)
    .title(spec.title)
    .description(spec.description)
    .span(spec.width)
    .height(spec.height)
    .withTarget(rangeQuery({ expr: spec.expr, ...(spec.legend ? { legend: spec.legend } : {}) }, "A"))
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(spec.legend ? common.BigValueTextMode.ValueAndName : common.BigValueTextMode.Value);
  if (spec.unit) builder.unit(spec.unit);
  if (spec.states) {
    builder.mappings([
      {
        type: dashboard.MappingType.ValueToText,
        options: Object.fromEntries(
          spec.states.map((state, index) => [String(state.value), { text: state.text, color: state.color, index }]),
        ),
      },
    ]);
  }
  const [base, ...steps] = spec.thresholds ?? ["text"];
  builder.thresholds(thresholds(base, steps));
  return builder;
}

export interface TimeSeriesSpec extends Size {
  title: string;
  description: string;
  queries: QuerySpec[];
  unit?: string;
  /** Fixed colours for series by their display name, e.g. { critical: "red" }. */
  colors?: Record<string, string>;
  /** Bars instead of lines, for counts that change in steps. */
  bars?: boolean;
}

/** Values over time, one line per series, with a table legend showing the latest value. */
export function timeSeriesPanel(spec: TimeSeriesSpec): Panel {
  const builder = new timeseries.PanelBuilder()
    .datasource(DATASOURCE_VARIABLE)
    .title(spec.title)
    .description(spec.description)
    .span(spec.width)
    .height(spec.height)
    .targets(spec.queries.map((query, index) => rangeQuery(query, refId(index))))
    .drawStyle(spec.bars ? common.GraphDrawStyle.Bars : common.GraphDrawStyle.Line)
    .lineInterpolation(common.LineInterpolation.StepAfter)
    .fillOpacity(spec.bars ? 80 : 10)
    .min(0)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Right)
        .calcs(["lastNotNull"]),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  if (spec.unit) builder.unit(spec.unit);
  for (const [name, color] of Object.entries(spec.colors ?? {})) {
    builder.overrideByName(name, [{ id: "color", value: { mode: "fixed", fixedColor: color } }]);
  }
  return builder;
}

export interface TableColumn {
  /**
   * An instant query; its labels become columns, its value the column `title`. Aggregate it to the
   * join labels (`max by (slug) (...)`): rows merge on equal label values, and a stray `__name__` or
   * extra label would split them.
   */
  expr: string;
  /** The value's column title; without one the value is hidden (an `_info` metric's constant 1). */
  title?: string;
  unit?: string;
}

export interface TableSpec extends Size {
  title: string;
  description: string;
  /** Label columns, in this order; the rows are joined on them across queries. */
  labels: string[];
  columns: TableColumn[];
  /** The column sorted on first, descending. */
  sortBy?: string;
  /** Fixed colours for values of a label column, e.g. { documented: { unbound: "green" } }. */
  valueColors?: Record<string, Record<string, string>>;
}

/**
 * A table from instant queries joined on their labels (Grafana's merge transformation), with the
 * bookkeeping columns (Time, instance, job, __name__) dropped and the value columns named.
 */
export function tablePanel(spec: TableSpec): Panel {
  const single = spec.columns.length === 1;
  const valueColumn = (index: number) => (single ? "Value" : `Value #${refId(index)}`);
  const exclude: Record<string, boolean> = { Time: true, instance: true, job: true, __name__: true };
  const rename: Record<string, string> = {};
  spec.columns.forEach((column, index) => {
    if (column.title) rename[valueColumn(index)] = column.title;
    else exclude[valueColumn(index)] = true;
  });
  const order = [...spec.labels, ...spec.columns.flatMap((column, index) => (column.title ? [valueColumn(index)] : []))];

  const builder = new table.PanelBuilder()
    .datasource(DATASOURCE_VARIABLE)
    .title(spec.title)
    .description(spec.description)
    .span(spec.width)
    .height(spec.height)
    .targets(spec.columns.map((column, index) => instantTableQuery(column.expr, refId(index))))
    .transformations([
      ...(single ? [] : [{ id: "merge", options: {} }]),
      {
        id: "organize",
        options: {
          excludeByName: exclude,
          renameByName: rename,
          indexByName: Object.fromEntries(order.map((name, index) => [name, index])),
        },
      },
    ])
    .filterable(true);
  if (spec.sortBy) builder.sortBy([new common.TableSortByFieldStateBuilder().displayName(spec.sortBy).desc(true)]);
  spec.columns.forEach((column) => {
    if (column.title && column.unit) builder.overrideByName(column.title, [{ id: "unit", value: column.unit }]);
  });
  for (const [label, colors] of Object.entries(spec.valueColors ?? {})) {
    builder.overrideByName(label, [
      { id: "custom.cellOptions", value: { type: "color-text" } },
      {
        id: "mappings",
        value: [
          {
            type: dashboard.MappingType.ValueToText,
            options: Object.fromEntries(Object.entries(colors).map(([value, color], index) => [value, { color, index }])),
          },
        ],
      },
    ]);
  }
  return builder;
}

function thresholds(base: string, steps: { value: number; color: string }[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map((step) => ({ value: step.value, color: step.color }))]);
}
