import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Overview } from "../lib/ipc/bindings";
import { perfEntries } from "../lib/perf";
import { EMPTY_OVERVIEW, FakeBackend } from "../test/fakeBackend";
import { renderApp } from "../test/renderApp";

// happy-dom has no canvas: stand in for the ECharts wrapper.
vi.mock("../components/Chart", () => ({
  Chart: ({ testId, label }: { testId: string; label: string }) => <div data-testid={testId} aria-label={label} />,
}));

afterEach(cleanup);

const OVERVIEW: Overview = {
  ...EMPTY_OVERVIEW,
  orders_missing: { count: 3, value: "1234.5", currency: "EUR", other_currencies: 0 },
  stock_drift: {
    skus: 12,
    units: "-40",
    value_at_risk: [{ value: "880.25", currency: "EUR" }],
    compared_quantity: "quantity on hand",
    unmapped_places: 2,
    excluded_places: ["location TRANSIT"],
    excluded_rows: 43,
  },
  price_drift: { count: 5, skus: 4 },
  open_by_kind: [{ entity: "order", kind: "missing_in_erp", open: 3, value_at_risk: [{ value: "1234.50", currency: "EUR" }] }],
  last_snapshots: [
    { entity: "orders", system: "magento", run_id: 2, finished_at: "2026-11-23T08:00:00Z", status: "partial", rows: 1500 },
  ],
  trend: [{ recon_run: 1, at: "2026-11-23T08:01:00Z", open_orders: 3, open_stock: 12, open_prices: 5 }],
  control_totals: [
    {
      day: "2026-11-22",
      currency: "EUR",
      magento_orders: 120,
      magento_revenue: "10450.00",
      erp_orders: 117,
      erp_revenue: "9215.50",
      count_difference: 3,
      revenue_difference: "1234.50",
    },
  ],
  control_totals_time_zones: ["Europe/Berlin"],
  last_reconciled_at: "2026-11-23T08:01:00Z",
};


describe("App", () => {
  test("welcome, demo with progress bars, then the overview with a demo badge", async () => {
    const backend = new FakeBackend();
    backend.state = { mode: "unconfigured", config_path: null, data_dir: "/tmp/dw", erp_name: null, has_data: false, config_problem: null, demo_requested: false };
    backend.overviewData = OVERVIEW;
    renderApp(backend);

    const demo = (await screen.findByTestId("demo-button")) as HTMLButtonElement;
    expect(screen.getByText(/docs\/config\.md/)).toBeTruthy();
    fireEvent.click(demo);
    await waitFor(() => expect(backend.demo).not.toBeNull());
    expect(demo.disabled).toBe(true);

    act(() => {
      backend.emit({ task: "demo", entity: "stock", system: "magento", done: 40, total: 100, message: "Reading stock from Magento", finished: false });
      backend.emit({ task: "demo", entity: "stock", system: "erp", done: 10, total: null, message: "Reading stock from the ERP", finished: false });
      backend.emit({ task: "demo", entity: "stock", system: "magento", done: 80, total: 100, message: "Reading stock from Magento", finished: false });
    });
    const bars = screen.getAllByTestId("progress-bar");
    expect(bars.map((bar) => [bar.getAttribute("data-entity"), bar.getAttribute("data-system"), bar.getAttribute("value")])).toEqual([
      ["stock", "magento", "80"],
      ["stock", "erp", null],
    ]);

    await act(async () => {
      backend.demo!.resolve({ ...backend.state, mode: "demo", erp_name: "Business Central", has_data: true, config_problem: null, demo_requested: false });
    });

    const ordersCard = await screen.findByTestId("card-orders-missing");
    expect(ordersCard.textContent).toContain("Orders missing in Business Central");
    expect(ordersCard.textContent).toContain("€1,234.50");
    expect(screen.getByTestId("card-stock-drift").textContent).toContain("12 SKUs");
    expect(screen.getByTestId("card-stock-drift").textContent).toContain("value at risk €880.25");
    expect(screen.getByTestId("card-stock-drift").textContent).toContain("Compared with the quantity on hand in Business Central");
    expect(screen.getByTestId("stock-unmapped-places").textContent).toBe("2 sources or locations not mapped");
    expect(screen.getByTestId("stock-excluded").textContent).toBe("Left out on purpose: location TRANSIT (43 stock rows not compared)");
    expect(screen.getByTestId("card-price-drift").textContent).toContain("5 prices");
    expect(screen.getByTestId("demo-badge").textContent).toBe("Demo data");
    expect(screen.getByTestId("trend-chart")).toBeTruthy();
    expect(screen.getByTestId("control-totals-chart")).toBeTruthy();
    expect(screen.getByTestId("control-totals-days").textContent).toBe("Days as the store counts them: Europe/Berlin time.");
    expect(screen.getByText("Partial")).toBeTruthy();
    expect(screen.getByText("+€1,234.50").className).toContain("diff");
    expect(perfEntries().some((entry) => entry.name === "overview-ready")).toBe(true);
    expect(screen.getByTestId("nav-overview").getAttribute("aria-current")).toBe("page");
  });

  test("a configuration file that cannot be used is shown as broken, with what to fix", async () => {
    const backend = new FakeBackend();
    backend.state = {
      mode: "unconfigured",
      config_path: null,
      data_dir: "/tmp/dw",
      erp_name: null,
      has_data: false,
      config_problem: "/home/anna/.config/driftwatch/config.toml: unknown field `tenat` in `connections.erp`.",
      demo_requested: false,
    };
    renderApp(backend);
    const banner = await screen.findByTestId("error-banner");
    expect(banner.dataset.code).toBe("config_invalid");
    expect(banner.textContent).toContain("The configuration file cannot be used");
    expect(banner.textContent).toContain("unknown field `tenat`");
    expect(screen.getByTestId("connect-button")).toBeTruthy();
  });

  test("started with --demo, the demo starts without a click", async () => {
    const backend = new FakeBackend();
    backend.state = { mode: "unconfigured", config_path: null, data_dir: "/tmp/dw", erp_name: null, has_data: false, config_problem: null, demo_requested: false };
    Object.assign(backend.state, { demo_requested: true });
    backend.overviewData = { ...OVERVIEW, orders_missing: { ...OVERVIEW.orders_missing, ...{ other_currencies: 2 } } };
    renderApp(backend);
    await waitFor(() => expect(backend.callsOf("startDemo")).toEqual([[]]));
    await act(async () => {
      backend.demo!.resolve({ ...backend.state, mode: "demo", has_data: true, config_problem: null, demo_requested: false });
    });
    const card = await screen.findByTestId("card-orders-missing");
    expect(card.textContent).toContain("plus 2 orders in other currencies");
    expect(backend.callsOf("startDemo")).toEqual([[]]);
  });

  test("an error is shown in words with a retry, and a busy snapshot says so", async () => {
    const backend = new FakeBackend();
    backend.failNext.appState = { code: "internal", message: "The data folder cannot be written. Check the disk has space." };
    backend.overviewData = OVERVIEW;
    renderApp(backend);

    const banner = await screen.findByTestId("error-banner");
    expect(banner.getAttribute("data-code")).toBe("internal");
    expect(banner.textContent).toContain("The data folder cannot be written. Check the disk has space.");
    fireEvent.click(within(banner).getByText("Try again"));
    await screen.findByTestId("card-orders-missing");

    await act(async () => {
      fireEvent.click(screen.getByTestId("snapshot-now"));
    });
    const busy = await screen.findByTestId("error-banner");
    expect(busy.textContent).toContain("Driftwatch is busy. A snapshot is already running. Wait for it to finish.");
    expect((screen.getByTestId("snapshot-now") as HTMLButtonElement).disabled).toBe(false);
  });

  test("a raw exception is never shown to the user", async () => {
    const backend = new FakeBackend();
    backend.failNext.appState = new TypeError("Cannot read properties of undefined (reading 'mode')");
    renderApp(backend);
    const banner = await screen.findByTestId("error-banner");
    expect(banner.textContent).not.toContain("TypeError");
    expect(banner.textContent).not.toContain("undefined");
    expect(banner.textContent).toContain("Try again; if it keeps happening, restart the app.");
  });

  test("the sidebar moves between screens; a card opens its filtered list", async () => {
    const backend = new FakeBackend();
    backend.overviewData = OVERVIEW;
    renderApp(backend);
    fireEvent.click(await screen.findByTestId("card-orders-missing"));
    await waitFor(() => expect(backend.callsOf("mismatches")).toEqual([[{ entity: "order", kind: null, state: null, limit: null }]]));
    expect((screen.getByTestId("filter-kind") as HTMLSelectElement).value).toBe("missing_in_erp");
    expect(screen.getByTestId("nav-orders").getAttribute("aria-current")).toBe("page");
    fireEvent.click(screen.getByTestId("nav-snapshots"));
    expect(await screen.findByText("No snapshots yet.")).toBeTruthy();
  });
});
