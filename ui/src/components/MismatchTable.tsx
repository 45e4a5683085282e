//! The mismatch table shared by Orders, Stock and Prices: virtualised, fixed row height,
//! sortable headers, arrow-key navigation (Enter opens the row).
//!
//! Rows arrive already filtered and sorted (`lib/mismatchView.ts`). TanStack Table gives the
//! columns, the sorting state and the cell rendering, but it is fed only the rows in the
//! virtual window: its core row model costs about 50 µs a row, seconds for 100,000 rows, while
//! a window of 40 rows costs nothing.

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type OnChangeFn,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, type KeyboardEvent, type RefObject } from "react";
import type { MismatchRow } from "../lib/ipc/bindings";
import { formatAge, formatDateTime } from "../lib/format";
import { kindLabel } from "../lib/labels";
import { formatDifference, formatSide, formatValueAtRisk } from "../lib/mismatchDisplay";
import type { MismatchSort, PreparedRow, SortKey } from "../lib/mismatchView";
import { StateBadge } from "./Badges";

export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 40;

const column = createColumnHelper<MismatchRow>();

const COLUMNS = [
  column.accessor("kind", { id: "kind", header: "Kind", sortDescFirst: false, cell: (c) => kindLabel(c.getValue()) }),
  column.accessor("key", { id: "key", header: "Key", sortDescFirst: false }),
  column.accessor("magento", {
    id: "magento",
    header: "Magento",
    sortDescFirst: false,
    cell: (c) => formatSide(c.row.original, c.getValue()),
  }),
  column.accessor("erp", { id: "erp", header: "ERP", sortDescFirst: false, cell: (c) => formatSide(c.row.original, c.getValue()) }),
  column.accessor("delta", { id: "delta", header: "Difference", sortDescFirst: true, cell: (c) => formatDifference(c.row.original) }),
  column.accessor("value_at_risk", {
    id: "value_at_risk",
    header: "Value at risk",
    sortDescFirst: true,
    cell: (c) => formatValueAtRisk(c.row.original),
  }),
  column.accessor("first_seen", {
    id: "first_seen",
    header: "First seen",
    sortDescFirst: false,
    cell: (c) => formatDateTime(c.getValue()),
  }),
  column.accessor("age_days", { id: "age", header: "Age", sortDescFirst: true, cell: (c) => formatAge(c.getValue()) }),
  column.accessor("state", { id: "state", header: "State", sortDescFirst: false, cell: (c) => <StateBadge state={c.getValue()} /> }),
];

const NUMERIC_COLUMNS = new Set(["delta", "value_at_risk", "age"]);

export function toMismatchSort(sorting: SortingState): MismatchSort {
  const first = sorting[0];
  return first === undefined ? null : { key: first.id as SortKey, desc: first.desc };
}

export function rowElementId(id: number): string {
  return `mismatch-row-${id}`;
}

type Props = {
  rows: PreparedRow[];
  label: string;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  onOpen: (index: number) => void;
  gridRef: RefObject<HTMLDivElement | null>;
};

export function MismatchTable({ rows, label, sorting, onSortingChange, activeIndex, onActiveIndexChange, onOpen, gridRef }: Props) {
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => gridRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const windowRows = useMemo(
    () => items.flatMap((item) => (rows[item.index] === undefined ? [] : [rows[item.index]!.row])),
    [items, rows],
  );

  const table = useReactTable({
    data: windowRows,
    columns: COLUMNS,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.id),
  });
  const tableRows = table.getRowModel().rows;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  const active = rows[activeIndex];

  function move(index: number) {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    onActiveIndexChange(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget || rows.length === 0) return;
    const page = Math.max(1, Math.floor((event.currentTarget.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      PageDown: () => move(activeIndex + page),
      PageUp: () => move(activeIndex - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => onOpen(Math.min(activeIndex, rows.length - 1)),
    };
    const action = keys[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  }

  return (
    <div className="mm-table" data-testid="mismatch-table">
      <div
        ref={gridRef}
        className="mm-scroll"
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-colcount={COLUMNS.length}
        aria-activedescendant={active === undefined ? undefined : rowElementId(active.row.id)}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="mm-head">
          <div role="row" aria-rowindex={1} className="mm-row mm-header-row">
            {headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const ariaSort = sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none";
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  aria-sort={ariaSort}
                  className={`mm-cell mm-col-${header.id}${NUMERIC_COLUMNS.has(header.id) ? " mm-num" : ""}`}
                >
                  <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="mm-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item, position) => {
            const row = tableRows[position];
            if (row === undefined) return null;
            const original = row.original;
            const isActive = item.index === activeIndex;
            return (
              <div
                key={row.id}
                id={rowElementId(original.id)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={isActive}
                data-testid="mismatch-row"
                data-id={original.id}
                data-kind={original.kind}
                data-state={original.state}
                className={`mm-row${isActive ? " mm-row-active" : ""}${item.index % 2 === 1 ? " mm-row-odd" : ""}`}
                style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                onClick={() => {
                  onActiveIndexChange(item.index);
                  onOpen(item.index);
                }}
              >
                {row.getVisibleCells().map((cell) => (
                  <div
                    key={cell.id}
                    role="gridcell"
                    className={`mm-cell mm-col-${cell.column.id}${NUMERIC_COLUMNS.has(cell.column.id) ? " mm-num" : ""}`}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
