import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption, ECharts } from 'echarts/core';
import { init, registerLocale, use } from 'echarts/core';
import langTR from 'echarts/i18n/langTR-obj.js';
import { SVGRenderer } from 'echarts/renderers';
import { getLocale } from '#lib/paraglide/runtime.js';

/*
 * ECharts, reduced to what the dashboards draw: lines, bars (with a scatter series as
 * the target marker), pies, their grid, legend and tooltip, drawn as SVG. Importing
 * from `echarts/core` instead of `echarts` keeps the other thirty chart types out
 * of the portal's bundle; SVG stays sharp when a dashboard is printed.
 */

use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

// ECharts ships English; its Turkish texts (tooltips, month names) are registered once.
registerLocale('TR', langTR);

/** The options the dashboards' charts may set: only the registered parts type-check. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** A chart in `host`, in the page's language. */
export function createChart(host: HTMLElement): ECharts {
  return init(host, null, { renderer: 'svg', locale: getLocale() === 'tr' ? 'TR' : 'EN' });
}

/**
 * Series colours: the design tokens' primary and accent first, then hues that stay
 * apart for the common colour-vision deficiencies and hold 3:1 against white.
 */
export const CHART_COLOURS = [
  '#0b4f6c',
  '#c05600',
  '#2a7d3a',
  '#6a3d9a',
  '#b0221a',
  '#1f78b4',
  '#8a6d00',
  '#be185d',
  '#475569',
  '#0f766e',
] as const;
