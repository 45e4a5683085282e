//! ECharts, with only the parts the screens use (line and bar charts on a grid, with legend
//! and tooltip, drawn on canvas). Tooltips are drawn as rich text on the canvas: ECharts' HTML
//! tooltips carry inline style attributes, which the app's CSP (style-src 'self') forbids.

import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;

/** Series colours, the same as in app.css. */
export const COLORS = {
  orders: "#2563eb",
  stock: "#c2410c",
  prices: "#7c3aed",
  magento: "#ea580c",
  erp: "#0f766e",
} as const;

export const TEXT_COLOR = "#334155";

export const BASE_OPTION = {
  animation: false,
  // The app's font (app.css): named families a machine lacks make each first use slow.
  textStyle: { fontFamily: "sans-serif", color: TEXT_COLOR },
  tooltip: { trigger: "axis", renderMode: "richText" },
  legend: { top: 0 },
  // ECharts 6 keeps axis labels inside the chart by itself (grid.outerBounds), no containLabel.
  grid: { left: 48, right: 16, top: 36, bottom: 28 },
} as const;
