import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { RulesForm } from "../lib/ipc/bindings";
import { FakeBackend } from "../test/fakeBackend";
import { renderApp } from "../test/renderApp";

vi.mock("../components/Chart", () => ({
  Chart: ({ testId, label }: { testId: string; label: string }) => <div data-testid={testId} aria-label={label} />,
}));

afterEach(cleanup);

function configured(): FakeBackend {
  const backend = new FakeBackend();
  backend.state = {
    mode: "configured",
    config_path: "/home/anna/.config/driftwatch/config.toml",
    data_dir: "/tmp/dw",
    erp_name: "Business Central",
    has_data: true, config_problem: null,
    demo_requested: false,
  };
  return backend;
}

async function openMapping(backend: FakeBackend) {
  renderApp(backend);
  fireEvent.click(await screen.findByTestId("nav-mapping"));
  await screen.findByTestId("mapping-screen");
  await screen.findByTestId("apply-suggestions");
}

function lastSaved(backend: FakeBackend): RulesForm {
  return backend.callsOf("saveRules").at(-1)?.[1] as RulesForm;
}

describe("Mapping", () => {
  test("is offered only when connected to one's own systems", async () => {
    const backend = new FakeBackend();
    renderApp(backend);
    await screen.findByTestId("nav-overview");
    expect(screen.queryByTestId("nav-mapping")).toBeNull();
  });

  test("a suggested location is used with one click, and leftover locations are named", async () => {
    const backend = configured();
    await openMapping(backend);
    const east = screen.getByTestId("source-wh-east") as HTMLSelectElement;
    expect(east.value).toBe("");
    const leftOver = screen.getByTestId("unmapped-locations").textContent;
    expect(leftOver).toContain("Leave EAST out East Warehouse (118 items)");
    expect(leftOver).toContain("Leave OUTLET out Outlet Store (7 items)");
    fireEvent.click(screen.getByTestId("apply-suggestions"));
    expect(east.value).toBe("EAST");
    expect(screen.getByTestId("unmapped-locations").textContent).not.toContain("EAST");
    expect(screen.getByTestId("unmatched-items").textContent).toContain("2 items only in Business Central: SKU-000031, SKU-000032");

    fireEvent.click(screen.getByTestId("save-rules"));
    await screen.findByTestId("save-done");
    expect(lastSaved(backend).sources).toEqual([
      { magento: "default", erp: "MAIN" },
      { magento: "wh-east", erp: "EAST" },
    ]);
    expect(backend.callsOf("saveRules")[0]?.[0]).toBe("v1");
    // Nothing left to save.
    expect((screen.getByTestId("save-rules") as HTMLButtonElement).disabled).toBe(true);
  });

  test("a source and a location are left out of the comparison on purpose, and taken back", async () => {
    const backend = configured();
    await openMapping(backend);
    const east = screen.getByTestId("source-wh-east") as HTMLSelectElement;
    fireEvent.change(east, { target: { value: east.options[east.options.length - 1]?.value } });
    expect(east.selectedOptions[0]?.textContent).toBe("Left out: not compared");
    // A source left out is no longer offered a suggestion.
    expect(screen.queryByTestId("apply-suggestions")).toBeNull();
    fireEvent.click(screen.getByTestId("leave-out-OUTLET"));
    fireEvent.click(screen.getByTestId("save-rules"));
    await screen.findByTestId("save-done");
    expect(lastSaved(backend)).toMatchObject({
      sources: [{ magento: "default", erp: "MAIN" }],
      excluded_sources: ["wh-east"],
      excluded_locations: ["OUTLET"],
    });
    expect((screen.getByTestId("leave-out-OUTLET") as HTMLInputElement).checked).toBe(true);

    fireEvent.change(screen.getByTestId("source-wh-east"), { target: { value: "EAST" } });
    fireEvent.click(screen.getByTestId("leave-out-OUTLET"));
    fireEvent.click(screen.getByTestId("save-rules"));
    await waitFor(() => expect(backend.callsOf("saveRules")).toHaveLength(2));
    expect(lastSaved(backend)).toMatchObject({
      sources: [
        { magento: "default", erp: "MAIN" },
        { magento: "wh-east", erp: "EAST" },
      ],
      excluded_sources: [],
      excluded_locations: [],
    });
  });

  test("websites and customer groups are chosen by name from Magento's lists", async () => {
    const backend = configured();
    await openMapping(backend);
    const website = screen.getByLabelText("Website of row 1") as HTMLSelectElement;
    const group = screen.getByLabelText("Customer group of row 1") as HTMLSelectElement;
    expect(website.selectedOptions[0]?.textContent).toBe("Main Website (1)");
    expect(group.selectedOptions[0]?.textContent).toBe("All groups");
    expect([...group.options].map((o) => o.textContent)).toEqual(["All groups", "NOT LOGGED IN (0)", "General (1)"]);
    fireEvent.change(group, { target: { value: "1" } });
    fireEvent.click(screen.getByTestId("save-rules"));
    await screen.findByTestId("save-done");
    expect(lastSaved(backend).price_lists[0]).toMatchObject({ website_id: 1, customer_group_id: 1 });
  });

  test("without Magento's lists, ids are typed", async () => {
    const backend = configured();
    backend.choices = { ...backend.choices, websites: [], customer_groups: [] };
    await openMapping(backend);
    const group = screen.getByLabelText("Customer group of row 1") as HTMLInputElement;
    expect(group.tagName).toBe("INPUT");
    expect(group.value).toBe("32000");
  });

  test("a refused save says what to fix beside the field, and nothing is lost", async () => {
    const backend = configured();
    await openMapping(backend);
    fireEvent.change(screen.getByTestId("orders.grace_minutes"), { target: { value: "soon" } });
    fireEvent.click(screen.getByTestId("save-rules"));
    const problem = await screen.findByTestId("problem-orders.grace_minutes");
    expect(problem.textContent).toContain("whole number of minutes");
    expect(screen.getByTestId("save-problems").textContent).toContain("Not saved");
    expect((screen.getByTestId("orders.grace_minutes") as HTMLInputElement).value).toBe("soon");

    fireEvent.change(screen.getByTestId("orders.grace_minutes"), { target: { value: "45" } });
    fireEvent.click(screen.getByTestId("save-rules"));
    await screen.findByTestId("save-done");
    expect(screen.queryByTestId("problem-orders.grace_minutes")).toBeNull();
    expect(lastSaved(backend).orders.grace_minutes).toBe("45");
  });

  test("SKU mappings import from a CSV file and say what was read", async () => {
    const backend = configured();
    await openMapping(backend);
    const file = new File(["Magento SKU;ERP item\nMT07-M-Gray;1000-GREY-M\nWS12;2000\nbroken\n"], "skus.csv", { type: "text/csv" });
    fireEvent.change(screen.getByTestId("sku-csv"), { target: { files: [file] } });
    const status = await screen.findByTestId("sku-import");
    expect(status.textContent).toContain("Read 2 rows from skus.csv, 1 of them replacing a row already here");
    expect(status.textContent).toContain("line 4 needs a Magento SKU and an item number");
    const rows = within(screen.getByTestId("skus-table")).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining("1000-GREY-M"), expect.stringContaining("WS122000")]),
    );
    fireEvent.click(screen.getByTestId("save-rules"));
    await waitFor(() => expect(backend.callsOf("saveRules")).toHaveLength(1));
    expect(lastSaved(backend).skus).toEqual([
      { magento: "MT07-M-Gray", erp: "1000-GREY-M" },
      { magento: "WS12", erp: "2000" },
    ]);
  });

  test("the demo's mapping is not editable and says why", async () => {
    const backend = configured();
    backend.failNext.rulesDocument = { code: "not_configured", message: "The demo's mapping is fixed." };
    renderApp(backend);
    fireEvent.click(await screen.findByTestId("nav-mapping"));
    expect(await screen.findByText(/The demo's mapping is fixed/)).toBeTruthy();
  });
});
