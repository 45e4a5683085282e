//! How one mismatch's values read on screen.

import type { MismatchKind, MismatchRow } from "./ipc/bindings";
import { EMPTY, formatMoney, formatQuantity, parseDecimal } from "./format";

/** Kinds of orders and prices whose sides are amounts of money. */
const MONEY_KINDS: ReadonlySet<MismatchKind> = new Set<MismatchKind>([
  "missing_in_erp",
  "missing_in_magento",
  "total_mismatch",
  "price_mismatch",
  "special_price_mismatch",
  "tier_price_mismatch",
]);

/**
 * A side's value: stock quantities and money formatted, other text (statuses, currencies,
 * line lists, references) as the shell sent it.
 */
export function formatSide(row: MismatchRow, value: string | null): string {
  if (value === null) return EMPTY;
  if (parseDecimal(value) === null) return value;
  if (row.entity === "stock") return row.kind === "status_mismatch" ? value : formatQuantity(value);
  return MONEY_KINDS.has(row.kind) ? formatMoney(value, row.currency) : value;
}

/** The difference: units for stock, money (with sign) for orders and prices. */
export function formatDifference(row: MismatchRow): string {
  if (row.delta === null) return EMPTY;
  if (row.entity === "stock" || row.currency === null) return formatQuantity(row.delta, { signed: true });
  return formatMoney(row.delta, row.currency, { signed: true });
}

export function formatValueAtRisk(row: MismatchRow): string {
  return formatMoney(row.value_at_risk, row.currency);
}

const EVENT_LABELS: Record<string, string> = {
  opened: "First found",
  seen: "Seen again",
  changed: "Values changed",
  resolved: "Resolved: no longer found",
  reopened: "Found again",
  returned: "Found again: the decision stands",
  acknowledged: "Acknowledged",
  ignored: "Ignored",
  replayed: "Replayed",
};

export function eventLabel(event: string): string {
  const known = EVENT_LABELS[event];
  if (known !== undefined) return known;
  const words = event.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
