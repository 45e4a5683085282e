//! The words people read for the codes the shell sends.

import type { Entity, MismatchEntity, MismatchKind, MismatchState, RunStatus, System } from "./ipc/bindings";

const KIND_LABELS: Record<MismatchKind, string> = {
  missing_in_erp: "Missing in ERP",
  missing_in_magento: "Missing in Magento",
  duplicate_in_erp: "Duplicate in ERP",
  total_mismatch: "Total differs",
  currency_mismatch: "Currency differs",
  line_mismatch: "Lines differ",
  status_mismatch: "Status differs",
  qty_mismatch: "Quantity differs",
  unmapped_location: "Unmapped location",
  price_mismatch: "Price differs",
  special_price_mismatch: "Special price differs",
  tier_price_mismatch: "Tier price differs",
};

export function kindLabel(kind: MismatchKind): string {
  return KIND_LABELS[kind] ?? kind;
}

/** The kinds each entity can have, in the order the filter lists them. */
export const KINDS_BY_ENTITY: Record<MismatchEntity, MismatchKind[]> = {
  order: [
    "missing_in_erp",
    "missing_in_magento",
    "duplicate_in_erp",
    "total_mismatch",
    "currency_mismatch",
    "line_mismatch",
    "status_mismatch",
  ],
  stock: ["qty_mismatch", "missing_in_magento", "missing_in_erp", "unmapped_location", "status_mismatch"],
  price: ["price_mismatch", "special_price_mismatch", "tier_price_mismatch", "missing_in_magento", "missing_in_erp"],
};

const STATE_LABELS: Record<MismatchState, string> = {
  open: "Open",
  resolved: "Resolved",
  acknowledged: "Acknowledged",
  ignored: "Ignored",
  replayed: "Replayed",
};

export const STATES: MismatchState[] = ["open", "acknowledged", "ignored", "replayed", "resolved"];

export function stateLabel(state: MismatchState): string {
  return STATE_LABELS[state] ?? state;
}

const STATE_HINTS: Record<MismatchState, string> = {
  open: "Needs attention",
  resolved: "No longer found by the latest reconciliation",
  acknowledged: "Someone has looked at it and is dealing with it",
  ignored: "Marked as not worth fixing",
  replayed: "Replayed, waiting for the next check to confirm",
};

export function stateHint(state: MismatchState): string {
  return STATE_HINTS[state] ?? "";
}

const MISMATCH_ENTITY_LABELS: Record<MismatchEntity, string> = { order: "Orders", stock: "Stock", price: "Prices" };
const ENTITY_LABELS: Record<Entity, string> = { orders: "Orders", stock: "Stock", prices: "Prices" };

export function mismatchEntityLabel(entity: MismatchEntity): string {
  return MISMATCH_ENTITY_LABELS[entity] ?? entity;
}

export function entityLabel(entity: Entity): string {
  return ENTITY_LABELS[entity] ?? entity;
}

/** "Magento", or the ERP's own name when the shell knows it ("Business Central"). */
export function systemLabel(system: System, erpName: string | null = null): string {
  if (system === "magento") return "Magento";
  return erpName ?? "ERP";
}

const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: "Running",
  complete: "Complete",
  partial: "Partial",
  failed: "Failed",
};

export function runStatusLabel(status: RunStatus): string {
  return RUN_STATUS_LABELS[status] ?? status;
}

const RUN_STATUS_HINTS: Record<RunStatus, string> = {
  running: "Still reading",
  complete: "Everything was read",
  partial: "Some pages or rows could not be read: figures may be incomplete",
  failed: "Nothing usable was read",
};

export function runStatusHint(status: RunStatus): string {
  return RUN_STATUS_HINTS[status] ?? "";
}
