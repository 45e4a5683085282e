//! The options of each chart, from the shell's data. Charts may round (they draw floats);
//! the tables next to them show the exact decimals.

import { BASE_OPTION, COLORS, type ChartOption } from "./charts";
import type { ControlTotalRow, StockPoint, TrendPoint } from "./ipc/bindings";
import { formatDateTime, formatShortDay, parseDecimal } from "./format";

function chartNumber(decimal: string | null): number | null {
  return decimal === null || parseDecimal(decimal) === null ? null : Number(decimal);
}

/** Open mismatches per reconciliation run, one line per entity. */
export function trendOption(trend: TrendPoint[]): ChartOption {
  const symbols = trend.length < 60;
  return {
    ...BASE_OPTION,
    xAxis: { type: "category", data: trend.map((point) => formatDateTime(point.at)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "Orders", type: "line", data: trend.map((p) => p.open_orders), color: COLORS.orders, showSymbol: symbols },
      { name: "Stock", type: "line", data: trend.map((p) => p.open_stock), color: COLORS.stock, showSymbol: symbols },
      { name: "Prices", type: "line", data: trend.map((p) => p.open_prices), color: COLORS.prices, showSymbol: symbols },
    ],
  };
}

/** Daily revenue in one currency, Magento beside the ERP, oldest day first. */
export function controlTotalsOption(rows: ControlTotalRow[], currency: string | null, erp: string): ChartOption {
  const days = rows.filter((row) => row.currency === currency).reverse(); // rows come latest first
  return {
    ...BASE_OPTION,
    xAxis: { type: "category", data: days.map((row) => formatShortDay(row.day)) },
    yAxis: { type: "value" },
    series: [
      { name: "Magento revenue", type: "bar", data: days.map((row) => chartNumber(row.magento_revenue)), color: COLORS.magento },
      { name: `${erp} revenue`, type: "bar", data: days.map((row) => chartNumber(row.erp_revenue)), color: COLORS.erp },
    ],
  };
}

/** One SKU at one source: both quantities per snapshot, as steps (a level holds until read again). */
export function driftOption(points: StockPoint[], erp: string): ChartOption {
  return {
    ...BASE_OPTION,
    xAxis: { type: "category", data: points.map((point) => formatDateTime(point.at)) },
    yAxis: { type: "value", name: "Units" },
    series: [
      { name: "Magento", type: "line", step: "end", data: points.map((p) => chartNumber(p.magento)), color: COLORS.magento },
      { name: erp, type: "line", step: "end", data: points.map((p) => chartNumber(p.erp)), color: COLORS.erp },
    ],
  };
}
