import { describe, expect, test } from "vitest";
import type { MismatchRow } from "./ipc/bindings";
import { csvCell, MISMATCH_CSV_HEADER, mismatchesToCsv, toCsv } from "./csv";

describe("csvCell", () => {
  test("plain text and numbers are left alone", () => {
    expect(csvCell("SKU-1")).toBe("SKU-1");
    expect(csvCell("1234.50")).toBe("1234.50");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell("")).toBe("");
  });

  test("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  test("defuses formulas", () => {
    expect(csvCell("=SUM(A1:A3)")).toBe("'=SUM(A1:A3)");
    expect(csvCell("+1-2")).toBe("'+1-2");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe("\"'\rx\"");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  test("keeps signed plain numbers as numbers", () => {
    expect(csvCell("-5.00")).toBe("-5.00");
    expect(csvCell("+5")).toBe("+5");
    expect(csvCell("-5")).toBe("-5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell("-5.")).toBe("'-5.");
    expect(csvCell("-1e5")).toBe("'-1e5");
  });
});

describe("toCsv", () => {
  test("CRLF after every line", () => {
    expect(toCsv(["a", "b"], [["1", null], ["x,y", "=1"]])).toBe('a,b\r\n1,\r\n"x,y",\'=1\r\n');
  });
});

describe("mismatchesToCsv", () => {
  test("one line per row, words for kind and state, exact decimals", () => {
    const row: MismatchRow = {
      id: 7,
      entity: "order",
      kind: "missing_in_erp",
      key: "=000000123",
      key_parts: { entity: "order", increment_id: "=000000123" },
      magento: "1234.50",
      erp: null,
      delta: "-1234.50",
      value_at_risk: "1234.50",
      currency: "EUR",
      first_seen: "2026-11-20T08:00:00Z",
      last_seen: "2026-11-23T08:00:00Z",
      age_days: 3,
      occurrences: 4,
      state: "acknowledged",
      note: 'Sent by hand, "urgent"',
      actor: "anna",
    };
    const csv = mismatchesToCsv([row]);
    expect(csv.split("\r\n")[0]).toBe(MISMATCH_CSV_HEADER.join(","));
    expect(csv).toBe(
      "Kind,Key,Magento,ERP,Difference,Value at risk,Currency,First seen (UTC),Last seen (UTC),Age (days),Occurrences,State,Note\r\n" +
        'Missing in ERP,\'=000000123,1234.50,,-1234.50,1234.50,EUR,2026-11-20T08:00:00Z,2026-11-23T08:00:00Z,3,4,Acknowledged,"Sent by hand, ""urgent"""\r\n',
    );
  });
});
