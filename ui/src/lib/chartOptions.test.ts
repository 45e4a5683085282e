import { SVGRenderer } from "echarts/renderers";
import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from "vitest";
import { echarts, type ChartOption } from "./charts";
import { controlTotalsOption, driftOption, trendOption } from "./chartOptions";

// Draw each option for real, server-side to SVG, with the same registered ECharts parts the app
// uses: a missing component or a malformed option fails here rather than in the webview.
echarts.use([SVGRenderer]);

// ECharts reports a missing component or a deprecated option on the console: that fails too.
let consoleSpies: MockInstance[] = [];
beforeEach(() => {
  consoleSpies = (["log", "warn", "error"] as const).map((method) => vi.spyOn(console, method));
});
afterEach(() => {
  for (const spy of consoleSpies) expect(spy.mock.calls).toEqual([]);
});

function draw(option: ChartOption): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 640, height: 260 });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

type Series = { name: string; type: string; data: (number | null)[] };
const seriesOf = (option: ChartOption) => (option.series as Series[]).map((s) => [s.name, s.type, s.data]);
const categories = (option: ChartOption) => (option.xAxis as { data: string[] }).data;

describe("chart options", () => {
  test("trend: one line per entity, runs in order", () => {
    const option = trendOption([
      { recon_run: 1, at: "2026-11-22T08:00:00Z", open_orders: 3, open_stock: 10, open_prices: 1 },
      { recon_run: 2, at: "2026-11-23T08:00:00Z", open_orders: 2, open_stock: 12, open_prices: 0 },
    ]);
    expect(seriesOf(option)).toEqual([
      ["Orders", "line", [3, 2]],
      ["Stock", "line", [10, 12]],
      ["Prices", "line", [1, 0]],
    ]);
    const svg = draw(option);
    expect(svg).toContain("<svg");
    expect(svg).toContain("Orders");
    expect(svg).toContain("Prices");
  });

  test("control totals: one currency, oldest day first", () => {
    const row = (day: string, currency: string, magento: string, erp: string) => ({
      day,
      currency,
      magento_orders: 1,
      magento_revenue: magento,
      erp_orders: 1,
      erp_revenue: erp,
      count_difference: 0,
      revenue_difference: "0",
    });
    const option = controlTotalsOption(
      [row("2026-11-23", "EUR", "200.50", "200.50"), row("2026-11-23", "USD", "9", "9"), row("2026-11-22", "EUR", "100", "90.25")],
      "EUR",
      "Business Central",
    );
    expect(categories(option)).toEqual(["22 Nov", "23 Nov"]);
    expect(seriesOf(option)).toEqual([
      ["Magento revenue", "bar", [100, 200.5]],
      ["Business Central revenue", "bar", [90.25, 200.5]],
    ]);
    expect(draw(option)).toContain("Business Central revenue");
  });

  test("drift: both quantities, a missing side is a gap", () => {
    const option = driftOption(
      [
        { at: "2026-11-21T08:00:00Z", magento: "10.0000", erp: "10" },
        { at: "2026-11-22T08:00:00Z", magento: "10", erp: "4" },
        { at: "2026-11-23T08:00:00Z", magento: null, erp: "4" },
      ],
      "ERP",
    );
    expect(seriesOf(option)).toEqual([
      ["Magento", "line", [10, 10, null]],
      ["ERP", "line", [10, 4, 4]],
    ]);
    expect(draw(option)).toContain("Magento");
  });
});
