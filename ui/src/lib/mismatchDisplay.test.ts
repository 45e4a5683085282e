import { describe, expect, test } from "vitest";
import { mismatch } from "../test/fakeBackend";
import { eventLabel, formatDifference, formatSide, formatValueAtRisk } from "./mismatchDisplay";

describe("mismatch display", () => {
  test("stock sides are quantities, differences signed units", () => {
    const row = mismatch(1, { magento: "10.0000", erp: "1250", delta: "-1240.0000", value_at_risk: "12400.5", currency: "EUR" });
    expect(formatSide(row, row.magento)).toBe("10");
    expect(formatSide(row, row.erp)).toBe("1,250");
    expect(formatDifference(row)).toBe("-1,240");
    expect(formatValueAtRisk(row)).toMatch(/^€12,400\.50$/);
    expect(formatSide(row, null)).toBe("—");
  });

  test("order and price amounts are money; statuses stay words", () => {
    const total = mismatch(2, { entity: "order", kind: "total_mismatch", magento: "100.5", erp: "99", delta: "1.5", currency: "EUR" });
    expect(formatSide(total, total.magento)).toBe("€100.50");
    expect(formatDifference(total)).toBe("+€1.50");
    const status = mismatch(3, { entity: "order", kind: "status_mismatch", magento: "processing", erp: "shipped", delta: null });
    expect(formatSide(status, status.magento)).toBe("processing");
    expect(formatDifference(status)).toBe("—");
    const duplicate = mismatch(4, { entity: "order", kind: "duplicate_in_erp", magento: "1", erp: "2" });
    expect(formatSide(duplicate, duplicate.erp)).toBe("2");
  });

  test("history events read as words", () => {
    expect(eventLabel("opened")).toBe("First found");
    expect(eventLabel("reopened")).toBe("Found again");
    expect(eventLabel("returned")).toBe("Found again: the decision stands");
    expect(eventLabel("payload_edited")).toBe("Payload edited");
  });
});
