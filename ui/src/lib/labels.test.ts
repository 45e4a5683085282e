import { describe, expect, test } from "vitest";
import type { MismatchKind } from "./ipc/bindings";
import { KINDS_BY_ENTITY, kindLabel, runStatusLabel, stateLabel, systemLabel } from "./labels";

describe("labels", () => {
  test("kinds read as words", () => {
    expect(kindLabel("missing_in_erp")).toBe("Missing in ERP");
    expect(kindLabel("missing_in_magento")).toBe("Missing in Magento");
    expect(kindLabel("qty_mismatch")).toBe("Quantity differs");
    expect(kindLabel("tier_price_mismatch")).toBe("Tier price differs");
    expect(kindLabel("unmapped_location")).toBe("Unmapped location");
  });

  test("an unknown kind from a newer shell still shows", () => {
    expect(kindLabel("brand_new_kind" as MismatchKind)).toBe("brand_new_kind");
  });

  test("states, statuses and systems", () => {
    expect(stateLabel("acknowledged")).toBe("Acknowledged");
    expect(stateLabel("open")).toBe("Open");
    expect(runStatusLabel("partial")).toBe("Partial");
    expect(systemLabel("erp", "Business Central")).toBe("Business Central");
    expect(systemLabel("erp")).toBe("ERP");
    expect(systemLabel("magento", "Business Central")).toBe("Magento");
  });

  test("every kind has a label and belongs to an entity", () => {
    const all = new Set(Object.values(KINDS_BY_ENTITY).flat());
    expect(all.size).toBe(12);
    for (const kind of all) expect(kindLabel(kind)).not.toBe(kind);
  });
});
