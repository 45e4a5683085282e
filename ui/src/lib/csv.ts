//! CSV export (RFC 4180) that is safe to open in a spreadsheet.
//!
//! A cell that starts with = + - @, a tab or a carriage return would be read as a formula by
//! Excel, LibreOffice or Google Sheets (CSV injection); such a cell gets a leading single
//! quote, unless it is a plain number such as "-5.00", which must stay a number.

import type { MismatchRow } from "./ipc/bindings";
import { kindLabel, stateLabel } from "./labels";

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines end with CRLF, as RFC 4180 says; the last line too. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) lines.push(row.map(csvCell).join(","));
  return lines.join("\r\n") + "\r\n";
}

export const MISMATCH_CSV_HEADER = [
  "Kind",
  "Key",
  "Magento",
  "ERP",
  "Difference",
  "Value at risk",
  "Currency",
  "First seen (UTC)",
  "Last seen (UTC)",
  "Age (days)",
  "Occurrences",
  "State",
  "Note",
] as const;

/** Decimals stay as the shell sent them, so a spreadsheet reads them as exact numbers. */
export function mismatchesToCsv(rows: readonly MismatchRow[]): string {
  return toCsv(
    MISMATCH_CSV_HEADER,
    rows.map((row) => [
      kindLabel(row.kind),
      row.key,
      row.magento,
      row.erp,
      row.delta,
      row.value_at_risk,
      row.currency,
      row.first_seen,
      row.last_seen,
      row.age_days,
      row.occurrences,
      stateLabel(row.state),
      row.note,
    ]),
  );
}

/** Saves `csv` through a Blob link. The byte-order mark makes Excel read it as UTF-8. */
