import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { ActivityProvider } from "../app/activity";
import { BackendProvider } from "../lib/ipc/context";
import { perfEntries } from "../lib/perf";
import { FakeBackend, mismatch, stockAt } from "../test/fakeBackend";
import { MismatchScreen } from "./MismatchScreen";

// happy-dom does no layout: give every element a size so the virtualiser renders rows.
beforeAll(() => {
  for (const [name, size] of [["clientHeight", 600], ["clientWidth", 1200], ["offsetHeight", 600], ["offsetWidth", 1200]] as const) {
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => size });
  }
});

afterEach(cleanup);

function setup() {
  const backend = new FakeBackend();
  const driftRequests: [string, string][] = [];
  backend.rows = [
    mismatch(11, { ...stockAt("BLUE-SHIRT", "WH-A"), value_at_risk: "950.00" }),
    mismatch(12, { ...stockAt("RED@SHOE", "WH-B"), value_at_risk: "300.00" }),
    mismatch(13, { ...stockAt("GREEN-SOCK", "WH-A"), value_at_risk: "120.00", state: "acknowledged", note: "known", actor: "bob" }),
    mismatch(14, { ...stockAt("BLUE-CAP", "WH-C"), kind: "missing_in_magento", magento: null, delta: null, value_at_risk: null }),
  ];
  render(
    <BackendProvider backend={backend}>
      <ActivityProvider>
        <MismatchScreen
          entity="stock"
          erpName="Business Central"
          onShowDriftHistory={(sku, source) => driftRequests.push([sku, source])}
        />
      </ActivityProvider>
    </BackendProvider>,
  );
  return Object.assign(backend, { driftRequests });
}

const shownIds = () => screen.queryAllByTestId("mismatch-row").map((row) => row.getAttribute("data-id"));

describe("MismatchScreen", () => {
  test("exports the rows shown, in their order, through the shell", async () => {
    const backend = setup();
    await waitFor(() => expect(shownIds()).toEqual(["11", "12", "14"]));
    fireEvent.change(screen.getByTestId("table-search"), { target: { value: "blue" } });
    fireEvent.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(backend.exports).toHaveLength(1));
    expect(backend.exports[0]!.ids).toEqual([11, 14]);
    expect(backend.exports[0]!.fileName).toMatch(/^driftwatch-stock-.*\.csv$/);
    await screen.findByText(/Saved 2 rows to \/home\/anna\/Downloads\//);
  });

  test("shows open mismatches by default, filters and searches", async () => {
    const backend = setup();
    await waitFor(() => expect(shownIds()).toEqual(["11", "12", "14"]));
    expect(backend.callsOf("mismatches")).toEqual([[{ entity: "stock", kind: null, state: null, limit: null }]]);
    expect(screen.getByTestId("row-count").textContent).toBe("Showing 3 of 4");

    const first = screen.getAllByTestId("mismatch-row")[0]!;
    expect(first.getAttribute("data-kind")).toBe("qty_mismatch");
    expect(first.getAttribute("data-state")).toBe("open");
    expect(within(first).getByText("Quantity differs")).toBeTruthy();
    expect(within(first).getByText("€950.00")).toBeTruthy();

    fireEvent.change(screen.getByTestId("table-search"), { target: { value: "blue" } });
    expect(shownIds()).toEqual(["11", "14"]);
    expect(perfEntries().some((entry) => entry.name === "table-filter")).toBe(true);

    fireEvent.change(screen.getByTestId("filter-state"), { target: { value: "all" } });
    fireEvent.change(screen.getByTestId("table-search"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("filter-kind"), { target: { value: "qty_mismatch" } });
    expect(shownIds()).toEqual(["11", "12", "13"]);
    expect(screen.getByTestId("row-count").textContent).toBe("Showing 3 of 4");

    fireEvent.change(screen.getByTestId("table-search"), { target: { value: "no such thing" } });
    expect(shownIds()).toEqual([]);
    expect(screen.getByTestId("empty-state").textContent).toContain("No mismatches match these filters.");
  });

  test("sorts by a header click and says so with aria-sort", async () => {
    setup();
    await waitFor(() => expect(shownIds()).toEqual(["11", "12", "14"]));
    const keyHeader = screen.getByRole("columnheader", { name: /Key/ });
    expect(keyHeader.getAttribute("aria-sort")).toBe("none");
    fireEvent.click(within(keyHeader).getByRole("button"));
    expect(keyHeader.getAttribute("aria-sort")).toBe("ascending");
    expect(shownIds()).toEqual(["14", "11", "12"]);
    fireEvent.click(within(keyHeader).getByRole("button"));
    expect(keyHeader.getAttribute("aria-sort")).toBe("descending");
    expect(shownIds()).toEqual(["12", "11", "14"]);
  });

  test("keyboard opens the drawer; a decision needs a note and removes the row from the open list", async () => {
    const backend = setup();
    await waitFor(() => expect(shownIds()).toEqual(["11", "12", "14"]));
    const grid = screen.getByRole("grid");
    grid.focus();
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    expect(grid.getAttribute("aria-activedescendant")).toBe("mismatch-row-12");
    fireEvent.keyDown(grid, { key: "Enter" });

    const drawer = await screen.findByTestId("detail-drawer");
    expect(within(drawer).getByRole("heading", { level: 2 }).textContent).toBe("RED@SHOE@WH-B");
    await within(drawer).findByText("Quantity");
    fireEvent.click(within(drawer).getByTestId("drift-history-button"));
    expect(backend.driftRequests).toEqual([["RED@SHOE", "WH-B"]]); // the parts as sent, never split

    const ack = within(drawer).getByTestId("ack-button") as HTMLButtonElement;
    const note = within(drawer).getByTestId("decision-note");
    expect(ack.disabled).toBe(true);
    fireEvent.change(note, { target: { value: "   " } });
    expect(ack.disabled).toBe(true);
    fireEvent.change(note, { target: { value: "  Counted by hand, ERP is right  " } });
    expect(ack.disabled).toBe(false);

    await act(async () => {
      fireEvent.click(ack);
    });
    expect(backend.callsOf("decideMismatch")).toEqual([[12, "acknowledged", "Counted by hand, ERP is right"]]);
    await waitFor(() => expect(screen.queryByTestId("detail-drawer")).toBeNull());
    expect(shownIds()).toEqual(["11", "14"]);
    expect(screen.getByRole("status").textContent).toContain("RED@SHOE@WH-B marked as acknowledged.");
    expect(screen.getByTestId("row-count").textContent).toBe("Showing 2 of 4");
  });

  test("Esc closes the drawer; a failed decision shows the message, not a dump", async () => {
    const backend = setup();
    await waitFor(() => expect(shownIds()).toEqual(["11", "12", "14"]));
    fireEvent.click(screen.getAllByTestId("mismatch-row")[0]!);
    const drawer = await screen.findByTestId("detail-drawer");

    backend.failNext.decideMismatch = { code: "bad_input", message: "Write a note of at least one word." };
    fireEvent.change(within(drawer).getByTestId("decision-note"), { target: { value: "x" } });
    await act(async () => {
      fireEvent.click(within(drawer).getByTestId("ignore-button"));
    });
    const banner = await within(drawer).findByTestId("error-banner");
    expect(banner.textContent).toContain("Write a note of at least one word.");
    expect(shownIds()).toEqual(["11", "12", "14"]);

    fireEvent.keyDown(document, { key: "Escape" });
    expect(screen.queryByTestId("detail-drawer")).toBeNull();
  });

  test("a load error offers to try again", async () => {
    const backend = new FakeBackend();
    backend.failNext.mismatches = { code: "internal", message: "The database could not be read. Restart Driftwatch." };
    backend.rows = [mismatch(1)];
    render(
      <BackendProvider backend={backend}>
        <ActivityProvider>
          <MismatchScreen entity="stock" erpName={null} />
        </ActivityProvider>
      </BackendProvider>,
    );
    const banner = await screen.findByTestId("error-banner");
    expect(banner.textContent).toBe("Something went wrong. The database could not be read. Restart Driftwatch.Try again");
    fireEvent.click(within(banner).getByText("Try again"));
    await waitFor(() => expect(shownIds()).toEqual(["1"]));
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });
});
