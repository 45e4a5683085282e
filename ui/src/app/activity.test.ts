import { describe, expect, test } from "vitest";
import type { Progress, SnapshotRunView } from "../lib/ipc/bindings";
import { mergeProgress, reconcileOutcome, snapshotOutcome } from "./activity";

const event = (entity: Progress["entity"], system: Progress["system"], done: number): Progress => ({
  task: "snapshot",
  entity,
  system,
  done,
  total: 100,
  message: "Reading",
  finished: false,
});

describe("progress", () => {
  test("one entry per task, entity and system, first-arrival order", () => {
    let list: Progress[] = [];
    list = mergeProgress(list, event("orders", "magento", 10));
    list = mergeProgress(list, event("orders", "erp", 5));
    list = mergeProgress(list, event("orders", "magento", 60));
    list = mergeProgress(list, { ...event(null, null, 1), task: "reconcile" });
    expect(list.map((p) => [p.task, p.entity, p.system, p.done])).toEqual([
      ["snapshot", "orders", "magento", 60],
      ["snapshot", "orders", "erp", 5],
      ["reconcile", null, null, 1],
    ]);
  });
});

describe("outcomes in words", () => {
  const run = (status: SnapshotRunView["status"], error: string | null = null): SnapshotRunView => ({
    id: 4,
    started_at: "2026-11-23T08:00:00Z",
    finished_at: "2026-11-23T08:01:12Z",
    duration_ms: 72_000,
    status,
    error,
    parts: [
      { entity: "orders", system: "magento", status: "complete", rows_read: 1200, pages: 12, retries: 0, errors: [], warnings: [], duration_ms: 1 },
      {
        entity: "stock",
        system: "erp",
        status: status === "complete" ? "complete" : "partial",
        rows_read: 300,
        pages: 3,
        retries: 2,
        errors: [],
        warnings: [],
        duration_ms: 1,
      },
    ],
  });

  test("complete and partial snapshots", () => {
    expect(snapshotOutcome(run("complete"))).toEqual({
      task: "snapshot",
      tone: "success",
      text: "Snapshot complete: 1,500 rows read in 1 min 12 s, and reconciled.",
    });
    expect(snapshotOutcome(run("partial", "Page 3 of stock failed twice.")).text).toBe(
      "Snapshot partial (stock from the ERP): some data could not be read. Page 3 of stock failed twice. See Snapshots for details.",
    );
  });

  test("reconciliation summary, partial said loudly", () => {
    const summary = { opened: 3, reopened: 1, still_open: 1200, resolved: 4, transients: 2, partial: false, labels: [] };
    expect(reconcileOutcome(summary).text).toBe(
      "Reconciled: 3 new, 1 reopened, 1,200 still open, 4 resolved, 2 gone on a second read.",
    );
    const partial = reconcileOutcome({ ...summary, partial: true, labels: ["PARTIAL: orders snapshot of Magento was partial"] });
    expect(partial.tone).toBe("warning");
    expect(partial.text).toContain("Reconciled on partial data");
    expect(partial.text).toContain("PARTIAL: orders snapshot of Magento was partial");
  });
});
