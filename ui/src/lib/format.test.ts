import { describe, expect, test } from "vitest";
import {
  formatAge,
  formatAmounts,
  formatCount,
  formatDateTime,
  formatDay,
  formatDuration,
  formatMoney,
  formatQuantity,
  formatShortDay,
  decimalEquals,
  numberLocale,
  isZeroDecimal,
  parseDecimal,
  plural,
} from "./format";

describe("numberLocale", () => {
  test("the system's locale, unless the system has no language set", () => {
    expect(numberLocale(undefined, "de-DE")).toBeUndefined();
    expect(numberLocale(undefined, "en-US-u-va-posix")).toBe("en-US");
    expect(numberLocale(undefined, "en-US-POSIX")).toBe("en-US");
    expect(numberLocale("fr-FR", "en-US-u-va-posix")).toBe("fr-FR");
  });
});

describe("formatAmounts", () => {
  const gb = { locale: "en-GB" };

  test("one line per currency, none added together", () => {
    expect(
      formatAmounts(
        [
          { value: "14.75", currency: "EUR" },
          { value: "99", currency: "USD" },
        ],
        gb,
      ),
    ).toEqual(["€14.75", "US$99.00"]);
  });

  test("a sum without a currency, and no sums at all", () => {
    expect(formatAmounts([{ value: "50.5", currency: null }], gb)).toEqual(["50.50"]);
    expect(formatAmounts([], gb)).toEqual(["—"]);
  });
});

describe("formatMoney", () => {
  const gb = { locale: "en-GB" };

  test("positive, negative and zero amounts with a currency", () => {
    expect(formatMoney("1234.5", "EUR", gb)).toBe("€1,234.50");
    expect(formatMoney("-1234.5", "EUR", gb)).toBe("-€1,234.50");
    expect(formatMoney("0", "EUR", gb)).toBe("€0.00");
    expect(formatMoney("-0.00", "EUR", gb)).toBe("€0.00");
    expect(formatMoney("1234.5", "EUR", { locale: "de-DE" })).toBe("1.234,50\u00a0€");
  });

  test("many decimals round half away from zero to the currency's minor unit", () => {
    expect(formatMoney("1234.5678", "USD", { locale: "en-US" })).toBe("$1,234.57");
    expect(formatMoney("0.125", "EUR", gb)).toBe("€0.13");
    expect(formatMoney("-0.125", "EUR", gb)).toBe("-€0.13");
    expect(formatMoney("-0.004", "EUR", gb)).toBe("€0.00");
    expect(formatMoney("9.999", "EUR", gb)).toBe("€10.00");
    expect(formatMoney("1234.5", "JPY", gb)).toBe("JP¥1,235");
    expect(formatMoney("1234.5675", "KWD", gb)).toBe("KWD\u00a01,234.568");
  });

  test("big numbers keep every digit (no float on the way)", () => {
    expect(formatMoney("12345678901234567890.125", "EUR", gb)).toBe("€12,345,678,901,234,567,890.13");
    expect(formatMoney("9007199254740993.01", "USD", { locale: "en-US" })).toBe("$9,007,199,254,740,993.01");
    expect(formatMoney("1234567.891", "INR", { locale: "en-IN" })).toBe("₹12,34,567.89");
  });

  test("null, no currency, signed, and text that is not a number", () => {
    expect(formatMoney(null, "EUR", gb)).toBe("—");
    expect(formatMoney("1234.5", null, gb)).toBe("1,234.50");
    expect(formatMoney("5", "EUR", { ...gb, signed: true })).toBe("+€5.00");
    expect(formatMoney("0.5", "EUR", { ...gb, signed: true })).toBe("+€0.50");
    expect(formatMoney("-0.5", "EUR", { ...gb, signed: true })).toBe("-€0.50");
    expect(formatMoney("0", "EUR", { ...gb, signed: true })).toBe("€0.00");
    expect(formatMoney("n/a", "EUR", gb)).toBe("n/a");
  });
});

describe("formatQuantity", () => {
  const gb = { locale: "en-GB" };

  test("keeps significant decimals, drops trailing zeros", () => {
    expect(formatQuantity("1234.5000", gb)).toBe("1,234.5");
    expect(formatQuantity("-5", gb)).toBe("-5");
    expect(formatQuantity("0.000", gb)).toBe("0");
    expect(formatQuantity("12345678901234567890123.0001", gb)).toBe("12,345,678,901,234,567,890,123.0001");
    expect(formatQuantity(null, gb)).toBe("—");
  });

  test("signed differences", () => {
    expect(formatQuantity("3", { ...gb, signed: true })).toBe("+3");
    expect(formatQuantity("-3.50", { ...gb, signed: true })).toBe("-3.5");
    expect(formatQuantity("0", { ...gb, signed: true })).toBe("0");
  });
});

describe("isZeroDecimal", () => {
  test("zero in any spelling", () => {
    expect(isZeroDecimal("0")).toBe(true);
    expect(isZeroDecimal("-0.00")).toBe(true);
    expect(isZeroDecimal("0.01")).toBe(false);
    expect(isZeroDecimal("-10")).toBe(false);
    expect(isZeroDecimal("zero")).toBe(false);
  });
});

describe("decimalEquals", () => {
  test("trailing zeros and leading zeros do not matter, sign does", () => {
    expect(decimalEquals("10.00", "10")).toBe(true);
    expect(decimalEquals("007.5", "7.50")).toBe(true);
    expect(decimalEquals("-0", "0.00")).toBe(true);
    expect(decimalEquals("-5", "5")).toBe(false);
    expect(decimalEquals("10.01", "10")).toBe(false);
    expect(decimalEquals("in stock", "in stock")).toBe(true);
  });
});

describe("parseDecimal", () => {
  test("splits sign, integer and fraction", () => {
    expect(parseDecimal("-001234.5600")).toEqual({ negative: true, int: "1234", frac: "5600" });
    expect(parseDecimal("-0.0")).toEqual({ negative: false, int: "0", frac: "0" });
    expect(parseDecimal("1e5")).toBeNull();
    expect(parseDecimal("")).toBeNull();
  });
});

describe("dates, ages, durations", () => {
  test("date and time in the given zone", () => {
    expect(formatDateTime("2026-11-23T13:05:00Z", "Europe/London")).toBe("23 Nov 2026, 13:05");
    expect(formatDateTime("2026-11-23T13:05:00Z", "Europe/Berlin")).toBe("23 Nov 2026, 14:05");
    expect(formatDateTime("2026-06-01T23:30:00Z", "Europe/Berlin")).toBe("2 Jun 2026, 01:30");
    expect(formatDateTime("2026-09-09T00:00:00Z", "UTC")).toBe("9 Sep 2026, 00:00");
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("yesterday")).toBe("yesterday");
  });

  test("days", () => {
    expect(formatDay("2026-11-03")).toBe("3 Nov 2026");
    expect(formatShortDay("2026-11-03")).toBe("3 Nov");
    expect(formatDay("2026-13-03")).toBe("2026-13-03");
  });

  test("ages in days", () => {
    expect(formatAge(0)).toBe("less than a day");
    expect(formatAge(1)).toBe("1 day");
    expect(formatAge(3)).toBe("3 days");
    expect(formatAge(3.9)).toBe("3 days");
    expect(formatAge(1200)).toBe("1,200 days");
  });

  test("durations", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_400)).toBe("12 s");
    expect(formatDuration(72_000)).toBe("1 min 12 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(3_900_000)).toBe("1 h 5 min");
    expect(formatDuration(null)).toBe("—");
  });

  test("counts and plurals", () => {
    expect(formatCount(1234567, "en-GB")).toBe("1,234,567");
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(2, "retry", "retries")).toBe("2 retries");
  });
});
