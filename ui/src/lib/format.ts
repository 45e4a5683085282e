//! Friendly formatting of the values the shell sends.
//!
//! Money and quantities arrive as decimal strings (rust_decimal) and are never turned into
//! floats here: the integer part is formatted through `Intl.NumberFormat` as a BigInt (exact
//! at any size, with the locale's grouping and currency placement) and the fraction digits,
//! rounded as strings, are put in the place Intl leaves for them.
//! Timestamps arrive as RFC 3339 UTC and are shown in local time as "23 Nov 2026, 14:05".

import type { Amount } from "./ipc/bindings";

export const EMPTY = "—";

type Decimal = { negative: boolean; int: string; frac: string };

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d*))?$/;

/** Parses "-001234.5600" into sign, integer digits without leading zeros, fraction digits. */
export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (match === null) return null;
  const int = (match[2] ?? "0").replace(/^0+(?=\d)/, "");
  const frac = match[3] ?? "";
  const zero = /^0*$/.test(int) && /^0*$/.test(frac);
  return { negative: match[1] === "-" && !zero, int, frac };
}

/** "0", "-0.00", "000.0" are zero; text that is not a decimal is not. */
export function isZeroDecimal(text: string): boolean {
  const parsed = parseDecimal(text);
  return parsed !== null && /^0+$/.test(parsed.int) && /^0*$/.test(parsed.frac);
}

/** The same number, whatever the trailing zeros: "10.00" equals "10". Text compares as text. */
export function decimalEquals(a: string, b: string): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x === null || y === null) return a === b;
  return x.negative === y.negative && x.int === y.int && x.frac.replace(/0+$/, "") === y.frac.replace(/0+$/, "");
}

/** "999" -> "1000": adds one to a string of digits. */
function incrementDigits(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === "9") {
      out[i] = "0";
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
  }
  return "1" + out.join("");
}

/** Rounds half away from zero (Intl's default) to exactly `digits` fraction digits. */
function roundDecimal(value: Decimal, digits: number): Decimal {
  if (value.frac.length <= digits) {
    return { ...value, frac: value.frac.padEnd(digits, "0") };
  }
  const kept = value.int + value.frac.slice(0, digits);
  const roundUp = (value.frac[digits] ?? "0") >= "5";
  const all = roundUp ? incrementDigits(kept) : kept;
  const int = digits === 0 ? all : all.slice(0, all.length - digits);
  const frac = digits === 0 ? "" : all.slice(all.length - digits);
  const zero = /^0*$/.test(int) && /^0*$/.test(frac);
  return { negative: value.negative && !zero, int: int === "" ? "0" : int, frac };
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * The locale numbers are shown in when none is asked for: the system's, except where the
 * system has no language set (LANG=C, common on fresh servers), which WebKit reports as the
 * POSIX locale: numbers without thousands separators ("$ 72690.66"). There: en-US.
 */
export function numberLocale(requested: string | undefined, systemLocale: string): string | undefined {
  if (requested !== undefined) return requested;
  return /posix/i.test(systemLocale) ? "en-US" : undefined;
}

const systemNumberLocale = numberLocale(undefined, new Intl.NumberFormat().resolvedOptions().locale);

function numberFormat(requested: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = requested ?? systemNumberLocale;
  const cacheKey = `${locale ?? ""}|${JSON.stringify(options)}`;
  let formatter = formatters.get(cacheKey);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(cacheKey, formatter);
  }
  return formatter;
}

/**
 * Formats an exact decimal with `formatter`, which must be set to show exactly one fraction
 * digit when `value.frac` is non-empty and none otherwise; its fraction is replaced by ours.
 */
function formatExact(formatter: Intl.NumberFormat, value: Decimal): string {
  const intIsZero = /^0+$/.test(value.int);
  const nonZero = !intIsZero || /[1-9]/.test(value.frac);
  // For 0 < |x| < 1 format ±1 so Intl places the sign (and a "+" under "exceptZero"),
  // then put the 0 back.
  const sample = intIsZero ? (nonZero ? 1n : 0n) : BigInt(value.int);
  let out = "";
  for (const part of formatter.formatToParts(value.negative ? -sample : sample)) {
    if (part.type === "integer") out += intIsZero ? "0" : part.value;
    else if (part.type === "fraction") out += value.frac;
    else out += part.value;
  }
  return out;
}

export type NumberOptions = { locale?: string; signed?: boolean };

function currencyDigits(currency: string, locale: string | undefined): number | null {
  try {
    return numberFormat(locale, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return null; // not an ISO 4217 code Intl knows
  }
}

/**
 * Money from a decimal string: "-1234.5" EUR -> "-€1,234.50" (en-GB). Rounded to the
 * currency's minor unit. Without a currency: two decimals, no symbol. `null` -> "—".
 */
export function formatMoney(amount: string | null, currency: string | null, options: NumberOptions = {}): string {
  if (amount === null) return EMPTY;
  const parsed = parseDecimal(amount);
  if (parsed === null) return amount;
  const signDisplay = options.signed ? "exceptZero" : "auto";
  const digits = currency === null ? 2 : currencyDigits(currency, options.locale);
  if (currency !== null && digits === null) {
    return `${formatDecimalValue(roundDecimal(parsed, 2), options)} ${currency}`;
  }
  const rounded = roundDecimal(parsed, digits ?? 2);
  const formatter = numberFormat(options.locale, {
    ...(currency === null ? {} : { style: "currency", currency, currencyDisplay: "symbol" }),
    minimumFractionDigits: rounded.frac === "" ? 0 : 1,
    maximumFractionDigits: rounded.frac === "" ? 0 : 1,
    signDisplay,
  });
  return formatExact(formatter, rounded);
}

/**
 * Sums kept apart by currency, one line each ("€14.75", "$99.00"); no sums -> ["—"].
 * Amounts in different currencies are never added up.
 */
export function formatAmounts(amounts: readonly Amount[], options: NumberOptions = {}): string[] {
  if (amounts.length === 0) return [EMPTY];
  return amounts.map((a) => formatMoney(a.value, a.currency, options));
}

function formatDecimalValue(value: Decimal, options: NumberOptions): string {
  const formatter = numberFormat(options.locale, {
    minimumFractionDigits: value.frac === "" ? 0 : 1,
    maximumFractionDigits: value.frac === "" ? 0 : 1,
    signDisplay: options.signed ? "exceptZero" : "auto",
  });
  return formatExact(formatter, value);
}

/**
 * A quantity or plain decimal, every significant digit kept, trailing zeros dropped:
 * "1234.5000" -> "1,234.5". With `signed`, positive values get a "+". `null` -> "—".
 */
export function formatQuantity(value: string | null, options: NumberOptions = {}): string {
  if (value === null) return EMPTY;
  const parsed = parseDecimal(value);
  if (parsed === null) return value;
  return formatDecimalValue({ ...parsed, frac: parsed.frac.replace(/0+$/, "") }, options);
}

/** Whole numbers (counts): 12345 -> "12,345". */
export function formatCount(value: number, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateParts(date: Date, timeZone: string | undefined): Record<string, string> {
  const cacheKey = timeZone ?? "";
  let formatter = dateFormatters.get(cacheKey);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone,
    });
    dateFormatters.set(cacheKey, formatter);
  }
  const out: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) out[part.type] = part.value;
  return out;
}

/** "2026-11-23T13:05:00Z" -> "23 Nov 2026, 14:05" in the local (or given) time zone. */
export function formatDateTime(iso: string | null, timeZone?: string): string {
  if (iso === null) return EMPTY;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = dateParts(date, timeZone);
  const month = MONTHS[Number(parts.month) - 1] ?? parts.month;
  return `${Number(parts.day)} ${month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

/** A calendar day "2026-11-23" -> "23 Nov 2026" (no time zone: a day is a day). */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return day;
  const month = MONTHS[Number(match[2]) - 1];
  if (month === undefined) return day;
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** Short day for chart axes: "2026-11-23" -> "23 Nov". */
export function formatShortDay(day: string): string {
  const full = formatDay(day);
  return full === day ? day : full.slice(0, full.lastIndexOf(" "));
}

/** Whole days since first seen: 0 -> "less than a day", 1 -> "1 day", 3 -> "3 days". */
export function formatAge(days: number): string {
  if (!Number.isFinite(days) || days < 1) return "less than a day";
  const whole = Math.floor(days);
  return whole === 1 ? "1 day" : `${formatCount(whole)} days`;
}

/** 850 -> "850 ms", 12_400 -> "12 s", 72_000 -> "1 min 12 s", 3_900_000 -> "1 h 5 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return EMPTY;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Plural words: (1, "row") -> "1 row", (3, "row") -> "3 rows". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
