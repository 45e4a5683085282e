//! Orders, Stock and Prices: every mismatch of one entity, filtered and searched in memory,
//! with a detail drawer and CSV export of what is shown.

import type { SortingState, Updater } from "@tanstack/react-table";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useActivity } from "../app/activity";
import { DetailDrawer } from "../components/DetailDrawer";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { MismatchTable, toMismatchSort } from "../components/MismatchTable";
import type { MismatchEntity, MismatchKind, MismatchRow, MismatchState } from "../lib/ipc/bindings";
import { toIpcError } from "../lib/ipc/backend";
import { useBackend } from "../lib/ipc/context";
import { formatCount } from "../lib/format";
import { KINDS_BY_ENTITY, kindLabel, mismatchEntityLabel, STATES, stateLabel } from "../lib/labels";
import { filterRows, prepareRows, replaceRow, sortRows, type MismatchFilter, type PreparedRow } from "../lib/mismatchView";
import { markStart, measureFrom } from "../lib/perf";
import { useLoad } from "../lib/useLoad";

const ENTITY_WORDS: Record<MismatchEntity, { plural: string; singular: string }> = {
  order: { plural: "orders", singular: "order" },
  stock: { plural: "stock levels", singular: "stock level" },
  price: { plural: "prices", singular: "price" },
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

type Props = {
  entity: MismatchEntity;
  erpName: string | null;
  initialKind?: MismatchKind;
  onShowDriftHistory?: (sku: string, source: string) => void;
};

export function MismatchScreen({ entity, erpName, initialKind, onShowDriftHistory }: Props) {
  const backend = useBackend();
  const { dataVersion } = useActivity();
  const load = useLoad(
    () => backend.mismatches({ entity, kind: null, state: null, limit: null }).then(prepareRows),
    [backend, entity, dataVersion],
  );
  const prepared = load.data;

  const [filter, setFilter] = useState<MismatchFilter>({ kind: initialKind ?? "all", state: "open", search: "" });
  const [sorting, setSorting] = useState<SortingState>([]);
  const [activeIndex, setActiveIndex] = useState(0);
  const [openId, setOpenId] = useState<number | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const filterPending = useRef(false);

  const sort = useMemo(() => toMismatchSort(sorting), [sorting]);
  const sorted = useMemo(() => (prepared === null ? [] : sortRows(prepared, sort)), [prepared, sort]);
  const visible = useMemo(() => filterRows(sorted, filter), [sorted, filter]);

  useLayoutEffect(() => {
    if (!filterPending.current) return;
    filterPending.current = false;
    measureFrom("table-filter");
  }, [visible, filter]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "/" && !isTyping(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        searchBox.current?.focus();
        searchBox.current?.select();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (confirmation === null) return;
    const timer = setTimeout(() => setConfirmation(null), 8000);
    return () => clearTimeout(timer);
  }, [confirmation]);

  function changeFilter(change: Partial<MismatchFilter>) {
    markStart("table-filter");
    filterPending.current = true;
    setFilter((current) => ({ ...current, ...change }));
    setActiveIndex(0);
    grid.current?.scrollTo({ top: 0 });
  }

  function changeSorting(updater: Updater<SortingState>) {
    setSorting((current) => (typeof updater === "function" ? updater(current) : updater));
    setActiveIndex(0);
  }

  const closeDrawer = useCallback(() => {
    setOpenId(null);
    grid.current?.focus();
  }, []);

  const onDecided = useCallback(
    (row: MismatchRow) => {
      load.setData((rows: PreparedRow[] | null) => (rows === null ? rows : replaceRow(rows, row)));
      const hidden = filter.state !== "all" && filter.state !== row.state;
      setConfirmation(
        `${row.key} marked as ${stateLabel(row.state).toLowerCase()}.` +
          (hidden ? ` It no longer shows here because the list shows ${stateLabel(filter.state as MismatchState).toLowerCase()} mismatches.` : ""),
      );
      setOpenId(null);
      grid.current?.focus();
    },
    [filter.state, load],
  );

  useEffect(() => {
    setActiveIndex((index) => Math.max(0, Math.min(index, visible.length - 1)));
  }, [visible.length]);

  const openRow = useMemo(
    () => (openId === null ? null : (prepared?.find((p) => p.row.id === openId)?.row ?? null)),
    [openId, prepared],
  );
  const words = ENTITY_WORDS[entity];
  const title = mismatchEntityLabel(entity);
  const total = prepared?.length ?? 0;
  const filtered = filter.kind !== "all" || filter.state !== "all" || filter.search.trim() !== "";

  async function exportCsv() {
    const rows = visible.map((p) => p.row);
    const fileName = `driftwatch-${words.plural.replace(" ", "-")}-mismatches-${today()}.csv`;
    try {
      const path = await backend.exportMismatches(
        rows.map((row) => row.id),
        fileName,
      );
      setConfirmation(`Saved ${formatCount(rows.length)} rows to ${path}.`);
    } catch (error) {
      setConfirmation(`The export could not be saved: ${toIpcError(error).message}`);
    }
  }

  return (
    <div className="screen screen-table">
      <header className="screen-header">
        <div>
          <h1>{title}</h1>
          <p className="screen-subtitle">
            {entity === "order" && "Orders that should be in both Magento and the ERP but differ or are missing."}
            {entity === "stock" && "Stock per source where Magento and the ERP disagree, after a second read."}
            {entity === "price" && "Prices in force today that differ between Magento and the ERP's price lists."}
          </p>
        </div>
      </header>

      <div className="toolbar" role="search">
        <label className="field field-search">
          <span className="field-label">Search</span>
          <input
            ref={searchBox}
            type="search"
            data-testid="table-search"
            placeholder={`Key or value (press / to search)`}
            value={filter.search}
            onChange={(event) => changeFilter({ search: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown" || (event.key === "Enter" && visible.length > 0)) {
                event.preventDefault();
                grid.current?.focus();
              }
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">Kind</span>
          <select
            data-testid="filter-kind"
            value={filter.kind}
            onChange={(event) => changeFilter({ kind: event.target.value as MismatchFilter["kind"] })}
          >
            <option value="all">All kinds</option>
            {KINDS_BY_ENTITY[entity].map((kind) => (
              <option key={kind} value={kind}>
                {kindLabel(kind)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">State</span>
          <select
            data-testid="filter-state"
            value={filter.state}
            onChange={(event) => changeFilter({ state: event.target.value as MismatchFilter["state"] })}
          >
            <option value="all">Any state</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {stateLabel(state)}
              </option>
            ))}
          </select>
        </label>
        <p className="row-count" data-testid="row-count" data-shown={visible.length} data-total={total} aria-live="polite">
          Showing {formatCount(visible.length)} of {formatCount(total)}
        </p>
        <button
          type="button"
          className="button"
          data-testid="export-csv"
          disabled={visible.length === 0}
          onClick={exportCsv}
          title="Save the rows shown, in this order, as a CSV file"
        >
          Export CSV
        </button>
      </div>

      {confirmation !== null && (
        <div className="banner banner-success" role="status">
          <div className="banner-text">{confirmation}</div>
          <div className="banner-actions">
            <button type="button" className="button button-quiet" onClick={() => setConfirmation(null)}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      {load.error !== null && <ErrorBanner error={load.error} onRetry={load.reload} />}

      {prepared === null ? (
        load.loading && <p className="muted loading">Loading {words.plural} mismatches…</p>
      ) : total === 0 ? (
        <EmptyState title={`No ${words.singular} mismatches.`}>
          Either Magento and the ERP agree, or nothing has been reconciled yet. Press “Snapshot now” on the Overview to
          read both systems again.
        </EmptyState>
      ) : (
        <div className="table-area">
          {visible.length === 0 ? (
            <EmptyState
              title="No mismatches match these filters."
              action={
                <button
                  type="button"
                  className="button"
                  onClick={() => changeFilter({ kind: "all", state: "all", search: "" })}
                >
                  Show every mismatch
                </button>
              }
            >
              {filtered && "Clear the search, or choose “All kinds” and “Any state”."}
            </EmptyState>
          ) : (
            <MismatchTable
              rows={visible}
              label={`${title} mismatches`}
              sorting={sorting}
              onSortingChange={changeSorting}
              activeIndex={activeIndex}
              onActiveIndexChange={setActiveIndex}
              onOpen={(index) => {
                const row = visible[index];
                if (row !== undefined) setOpenId(row.row.id);
              }}
              gridRef={grid}
            />
          )}
          <p className="hint keyboard-hint">
            ↑ ↓ move · Enter opens · Esc closes · / searches · click a column title to sort
          </p>
        </div>
      )}

      {openRow !== null && (
        <DetailDrawer
          key={openRow.id}
          row={openRow}
          erpName={erpName}
          onClose={closeDrawer}
          onDecided={onDecided}
          onShowDriftHistory={onShowDriftHistory}
        />
      )}
    </div>
  );
}
