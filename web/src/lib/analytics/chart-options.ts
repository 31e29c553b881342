import { CHART_COLOURS, type ChartOption } from './echarts-setup.ts';

/*
 * The dashboards' charts as ECharts options, built from plain arrays so they can be
 * tested without a browser. Labels arrive translated and numbers formatted by the
 * caller (analytics-format.ts), so a chart and its data table say the same thing.
 */

/** Numbers on axes and in tooltips, in the page's language. */
export type NumberFormatter = (value: number) => string;

export interface Series {
  name: string;
  values: readonly (number | null)[];
}

interface Common {
  /** Off when the visitor asked for less motion, and on the wall screen and in print. */
  animation: boolean;
  format: NumberFormatter;
}

const base = (common: Common): ChartOption => ({
  animation: common.animation,
  color: [...CHART_COLOURS],
});

/**
 * The plot area inside the given margins, with the axis labels kept inside the
 * chart's box too (ECharts 6's replacement for `containLabel`).
 */
const grid = (top: number) => ({
  left: 8,
  right: 24,
  top,
  bottom: 8,
  outerBoundsMode: 'same' as const,
  outerBoundsContain: 'axisLabel' as const,
});

const legend = { top: 0, left: 'center', orient: 'horizontal' as const };

const tooltipValue = (format: NumberFormatter) => (value: unknown) =>
  typeof value === 'number' ? format(value) : '–';

/** Counts per period, one line per series (created, resolved, closed). */
export function lineOption(
  periods: readonly string[],
  series: readonly Series[],
  common: Common,
): ChartOption {
  return {
    ...base(common),
    grid: grid(40),
    legend,
    tooltip: { trigger: 'axis', valueFormatter: tooltipValue(common.format) },
    xAxis: { type: 'category', data: [...periods], boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => common.format(v) } },
    series: series.map((s) => ({
      type: 'line' as const,
      name: s.name,
      data: [...s.values],
      showSymbol: periods.length <= 31,
      connectNulls: false,
    })),
  };
}

/**
 * Bars per category. Horizontal for long names (work types, organisations): the
 * first category sits on top, as in a ranked list.
 */
export function barOption(
  categories: readonly string[],
  series: readonly Series[],
  common: Common & { horizontal?: boolean; stacked?: boolean },
): ChartOption {
  const categoryAxis = {
    type: 'category' as const,
    data: [...categories],
    inverse: common.horizontal === true,
    axisLabel: { width: common.horizontal ? 180 : 90, overflow: 'truncate' as const, interval: 0 },
  };
  const valueAxis = {
    type: 'value' as const,
    minInterval: 1,
    axisLabel: { formatter: (v: number) => common.format(v) },
  };
  return {
    ...base(common),
    grid: grid(series.length > 1 ? 40 : 16),
    ...(series.length > 1 ? { legend } : {}),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: tooltipValue(common.format),
    },
    xAxis: common.horizontal ? valueAxis : categoryAxis,
    yAxis: common.horizontal ? categoryAxis : valueAxis,
    series: series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      data: [...s.values],
      ...(common.stacked ? { stack: 'total' } : {}),
      barMaxWidth: 36,
    })),
  };
}

/**
 * Average resolution time per work type against its target: a bar for the average
 * and a line-shaped marker for the target, so a bar reaching past its marker is
 * visibly late. Bars over target take the danger colour.
 */
export function targetBarOption(
  categories: readonly string[],
  averages: readonly (number | null)[],
  targets: readonly (number | null)[],
  names: { average: string; target: string },
  common: Common,
): ChartOption {
  const longest = Math.max(0, ...[...averages, ...targets].map((v) => v ?? 0));
  return {
    ...base(common),
    grid: grid(40),
    legend: {
      ...legend,
      data: [
        { name: names.average },
        // A thin bar like the marker itself, not the marker's bounding box.
        { name: names.target, icon: 'rect', itemStyle: { color: '#17232d' } },
      ],
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: tooltipValue(common.format),
    },
    xAxis: {
      type: 'value',
      // Whole days once the durations run into days: "1 gün, 2 gün", not "4,2 gün".
      ...(longest > 48 ? { interval: 24 * Math.max(1, Math.ceil(longest / 24 / 8)) } : {}),
      axisLabel: { formatter: (v: number) => common.format(v) },
    },
    yAxis: {
      type: 'category',
      data: [...categories],
      inverse: true,
      axisLabel: { width: 180, overflow: 'truncate', interval: 0 },
    },
    series: [
      {
        type: 'bar',
        name: names.average,
        barMaxWidth: 28,
        data: averages.map((average, i) => {
          const target = targets[i];
          const late = average !== null && target !== null && target !== undefined && average > target;
          return late ? { value: average, itemStyle: { color: '#b0221a' } } : average;
        }),
      },
      {
        type: 'scatter',
        name: names.target,
        symbol: 'rect',
        symbolSize: [4, 26],
        itemStyle: { color: '#17232d' },
        data: [...targets],
      },
    ],
  };
}

/** Shares of a whole (channels, satisfaction scores) as a ring, largest first. */
export function donutOption(
  items: readonly { name: string; value: number }[],
  seriesName: string,
  common: Common & { share: (value: number) => string },
): ChartOption {
  return {
    ...base(common),
    tooltip: { trigger: 'item', valueFormatter: tooltipValue(common.format) },
    legend: { type: 'scroll', orient: 'horizontal', bottom: 0 },
    series: [
      {
        type: 'pie',
        name: seriesName,
        radius: ['42%', '70%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        // The share in the page's language ("%26,5"), not ECharts' own "26.47%".
        label: { formatter: (item: { percent?: number }) => common.share((item.percent ?? 0) / 100) },
        data: items.map((item) => ({ name: item.name, value: item.value })),
      },
    ],
  };
}
