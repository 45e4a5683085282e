import { describe, expect, test } from "vitest";
import { mergeLinks, parseSkuCsv } from "./skuCsv";

describe("parseSkuCsv", () => {
  test("reads two columns, skipping a header row and blank lines", () => {
    const got = parseSkuCsv("\uFEFFMagento SKU,ERP item number\r\nMT07-M-Gray,1000-GRAY-M\r\n\r\n24-MB01 , 1001\n");
    expect(got.links).toEqual([
      { magento: "MT07-M-Gray", erp: "1000-GRAY-M" },
      { magento: "24-MB01", erp: "1001" },
    ]);
    expect(got.skipped).toEqual([]);
  });

  test("semicolons, tabs and quoted cells as spreadsheets write them", () => {
    expect(parseSkuCsv('"A;1";X-1\nB;"say ""hi"""').links).toEqual([
      { magento: "A;1", erp: "X-1" },
      { magento: "B", erp: 'say "hi"' },
    ]);
    expect(parseSkuCsv("A\t1\nB\t2").links).toEqual([
      { magento: "A", erp: "1" },
      { magento: "B", erp: "2" },
    ]);
  });

  test("says which lines it could not read", () => {
    const got = parseSkuCsv("A,1\nB\nC,2,extra\nD,4");
    expect(got.links.map((l) => l.magento)).toEqual(["A", "D"]);
    expect(got.skipped).toEqual([
      { line: 2, reason: "needs a Magento SKU and an item number" },
      { line: 3, reason: "has more than two columns" },
    ]);
  });

  test("a first row of real SKUs is not taken for a header", () => {
    expect(parseSkuCsv("SKU-1,ITEM-1").links).toEqual([{ magento: "SKU-1", erp: "ITEM-1" }]);
  });
});

describe("mergeLinks", () => {
  test("an import replaces the same SKU's row and appends the rest", () => {
    const got = mergeLinks(
      [
        { magento: "A", erp: "1" },
        { magento: "B", erp: "2" },
      ],
      [
        { magento: "B", erp: "20" },
        { magento: "C", erp: "3" },
      ],
    );
    expect(got.links).toEqual([
      { magento: "A", erp: "1" },
      { magento: "B", erp: "20" },
      { magento: "C", erp: "3" },
    ]);
    expect(got.replaced).toBe(1);
  });
});
