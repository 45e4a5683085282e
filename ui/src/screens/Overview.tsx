//! The morning review: what is missing or drifting, how it trends, whether yesterday's
//! orders and revenue agree, and how fresh the snapshots are.

import { useLayoutEffect, useMemo, useState } from "react";
import { useActivity } from "../app/activity";
import { RunStatusBadge } from "../components/Badges";
import { SnapshotNowButton } from "../components/SnapshotNowButton";
import { Chart } from "../components/Chart";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { ProgressBars } from "../components/ProgressBars";
import { controlTotalsOption, trendOption } from "../lib/chartOptions";
import type { ControlTotalRow, MismatchEntity, MismatchKind, Overview as OverviewData, TrendPoint } from "../lib/ipc/bindings";
import { useBackend } from "../lib/ipc/context";
import {
  formatAmounts,
  formatCount,
  formatDateTime,
  formatDay,
  formatMoney,
  formatQuantity,
  isZeroDecimal,
  plural,
} from "../lib/format";
import { entityLabel, kindLabel, mismatchEntityLabel, systemLabel } from "../lib/labels";
import { markStart, measureFrom, measureSince } from "../lib/perf";
import { useLoad } from "../lib/useLoad";

type Props = {
  erpName: string | null;
  onOpenMismatches: (entity: MismatchEntity, kind?: MismatchKind) => void;
};

export function Overview({ erpName, onOpenMismatches }: Props) {
  const backend = useBackend();
  const activity = useActivity();
  const overview = useLoad(() => {
    markStart("overview-ready");
    return backend.overview().then((data) => {
      measureSince("overview-data", "overview-ready");
      return data;
    });
  }, [backend, activity.dataVersion]);

  // Runs after the cards, tables and charts below have been committed and drawn.
  useLayoutEffect(() => {
    if (overview.data !== null) measureFrom("overview-ready");
  }, [overview.data]);

  const busy = activity.running !== null;
  const data = overview.data;
  const nothingYet = data !== null && data.last_reconciled_at === null && data.trend.length === 0;

  return (
    <div className="screen screen-overview">
      <header className="screen-header">
        <div>
          <h1>Overview</h1>
          <p className="screen-subtitle">
            {data?.last_reconciled_at
              ? `Last reconciled ${formatDateTime(data.last_reconciled_at)}.`
              : "Not reconciled yet."}
          </p>
        </div>
        <div className="screen-actions">
          <SnapshotNowButton />
          <button
            type="button"
            className="button"
            data-testid="reconcile-now"
            disabled={busy}
            onClick={() => void activity.reconcileNow()}
            title="Compare the latest snapshots again, without reading the systems"
          >
            {activity.running === "reconcile" ? "Reconciling…" : "Reconcile now"}
          </button>
        </div>
      </header>

      <ProgressBars progress={activity.progress} erpName={erpName} />
      {overview.error !== null && <ErrorBanner error={overview.error} onRetry={overview.reload} />}
      {data === null && overview.loading && <p className="muted loading">Loading the overview…</p>}

      {nothingYet && (
        <EmptyState
          title="Nothing has been reconciled yet."
          action={
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void activity.snapshotNow()}>
              Snapshot now
            </button>
          }
        >
          Press “Snapshot now” to read orders, stock and prices from Magento and the ERP. Driftwatch compares them
          right after and shows every difference here.
        </EmptyState>
      )}

      {data !== null && !nothingYet && <OverviewBody data={data} erpName={erpName} onOpenMismatches={onOpenMismatches} />}
    </div>
  );
}

/** Orders whose value is not in `value` because they are in another currency. */
function otherCurrencies(orders: OverviewData["orders_missing"]): number {
  return orders.other_currencies;
}

function OverviewBody({ data, erpName, onOpenMismatches }: { data: OverviewData } & Props) {
  const erp = erpName ?? "ERP";
  const { orders_missing: orders, stock_drift: stock, price_drift: prices } = data;
  return (
    <>
      <section className="cards" aria-label="Summary">
        <button
          type="button"
          className={`card${orders.count > 0 ? " card-alert" : ""}`}
          data-testid="card-orders-missing"
          onClick={() => onOpenMismatches("order", "missing_in_erp")}
        >
          <span className="card-title">Orders missing in {erp}</span>
          <span className="card-figure">{formatCount(orders.count)}</span>
          <span className="card-line">worth {formatMoney(orders.value, orders.currency)}</span>
          {otherCurrencies(orders) > 0 && (
            <span className="card-note">plus {plural(otherCurrencies(orders), "order")} in other currencies</span>
          )}
          <span className="card-link">See these orders →</span>
        </button>
        <button
          type="button"
          className={`card${stock.skus > 0 || stock.unmapped_places > 0 ? " card-alert" : ""}`}
          data-testid="card-stock-drift"
          onClick={() => onOpenMismatches("stock")}
        >
          <span className="card-title">Stock drift</span>
          <span className="card-figure">{plural(stock.skus, "SKU")}</span>
          <span className="card-line">{formatQuantity(stock.units)} units difference</span>
          <span className="card-line">value at risk {formatAmounts(stock.value_at_risk).join(", ")}</span>
          {stock.unmapped_places > 0 && (
            <span className="card-line" data-testid="stock-unmapped-places">
              {plural(stock.unmapped_places, "source or location", "sources or locations")} not mapped
            </span>
          )}
          <span className="card-note">Compared with the {stock.compared_quantity} in {erp}</span>
          {stock.excluded_places.length > 0 && (
            <span className="card-note" data-testid="stock-excluded">
              Left out on purpose: {stock.excluded_places.join(", ")}
              {stock.excluded_rows !== null && ` (${plural(stock.excluded_rows, "stock row")} not compared)`}
            </span>
          )}
          <span className="card-link">See stock →</span>
        </button>
        <button
          type="button"
          className={`card${prices.count > 0 ? " card-alert" : ""}`}
          data-testid="card-price-drift"
          onClick={() => onOpenMismatches("price")}
        >
          <span className="card-title">Price drift</span>
          <span className="card-figure">{plural(prices.count, "price")}</span>
          <span className="card-line">across {plural(prices.skus, "SKU")}</span>
          <span className="card-link">See prices →</span>
        </button>
      </section>

      <div className="panels">
        <section className="panel" aria-labelledby="open-by-kind-title">
          <h2 id="open-by-kind-title">Open mismatches by kind</h2>
          {data.open_by_kind.length === 0 ? (
            <p className="muted">No open mismatches. Magento and the ERP agree.</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Area</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="num">
                    Open
                  </th>
                  <th scope="col" className="num">
                    Value at risk
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.open_by_kind.map((row) => (
                  <tr key={`${row.entity}-${row.kind}`}>
                    <td>{mismatchEntityLabel(row.entity)}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => onOpenMismatches(row.entity, row.kind)}>
                        {kindLabel(row.kind)}
                      </button>
                    </td>
                    <td className="num">{formatCount(row.open)}</td>
                    <td className="num">
                      {formatAmounts(row.value_at_risk).map((line) => (
                        <div key={line}>{line}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="panel" aria-labelledby="last-snapshots-title">
          <h2 id="last-snapshots-title">Latest snapshots</h2>
          {data.last_snapshots.length === 0 ? (
            <p className="muted">No snapshot yet.</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">From</th>
                  <th scope="col">Finished</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.last_snapshots.map((snapshot) => (
                  <tr
                    key={`${snapshot.entity}-${snapshot.system}`}
                    className={snapshot.status === "complete" ? undefined : `row-${snapshot.status}`}
                  >
                    <td>{entityLabel(snapshot.entity)}</td>
                    <td>{systemLabel(snapshot.system, erpName)}</td>
                    <td>{formatDateTime(snapshot.finished_at)}</td>
                    <td>
                      <RunStatusBadge status={snapshot.status} withHint />
                    </td>
                    <td className="num">{formatCount(snapshot.rows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="panel" aria-labelledby="trend-title">
        <h2 id="trend-title">Open mismatches per reconciliation</h2>
        {data.trend.length === 0 ? (
          <p className="muted">The trend appears after the first reconciliation.</p>
        ) : (
          <TrendChart trend={data.trend} />
        )}
      </section>

      <ControlTotals rows={data.control_totals} timeZones={data.control_totals_time_zones} erp={erp} />
    </>
  );
}

function TrendChart({ trend }: { trend: TrendPoint[] }) {
  const option = useMemo(() => trendOption(trend), [trend]);
  const last = trend[trend.length - 1];
  const label = last
    ? `Line chart of open mismatches over ${plural(trend.length, "reconciliation")}; latest: ${last.open_orders} orders, ${last.open_stock} stock, ${last.open_prices} prices.`
    : "Line chart of open mismatches.";
  return <Chart option={option} testId="trend-chart" label={label} />;
}

function ControlTotals({ rows, timeZones, erp }: { rows: ControlTotalRow[]; timeZones: string[]; erp: string }) {
  const currencies = useMemo(() => [...new Set(rows.map((row) => row.currency))], [rows]);
  const [chosen, setChosen] = useState<string | null>(null);
  const currency = chosen !== null && currencies.includes(chosen) ? chosen : (currencies[0] ?? null);
  const option = useMemo(() => controlTotalsOption(rows, currency, erp), [rows, currency, erp]);

  return (
    <section className="panel" aria-labelledby="control-totals-title">
      <div className="panel-header">
        <h2 id="control-totals-title">Control totals per day: Magento and {erp}</h2>
        {currencies.length > 1 && (
          <label className="field field-inline">
            <span className="field-label">Currency</span>
            <select value={currency ?? ""} onChange={(event) => setChosen(event.target.value)}>
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="hint" data-testid="control-totals-days">
        Days as the store counts them: {timeZones.length === 1 && timeZones[0] === "UTC" ? "UTC" : `${timeZones.join(", ")} time`}.
      </p>
      {rows.length === 0 ? (
        <p className="muted">No orders in the reconciled period.</p>
      ) : (
        <>
          <Chart
            option={option}
            testId="control-totals-chart"
            label={`Bar chart of daily revenue in ${currency ?? ""}, Magento against ${erp}.`}
          />
          <div className="table-scroll">
            <table className="data-table control-totals">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Currency</th>
                  <th scope="col" className="num">
                    Orders in Magento
                  </th>
                  <th scope="col" className="num">
                    Orders in {erp}
                  </th>
                  <th scope="col" className="num">
                    Difference (Magento − {erp})
                  </th>
                  <th scope="col" className="num">
                    Revenue in Magento
                  </th>
                  <th scope="col" className="num">
                    Revenue in {erp}
                  </th>
                  <th scope="col" className="num">
                    Difference (Magento − {erp})
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const countDiffers = row.count_difference !== 0;
                  const revenueDiffers = !isZeroDecimal(row.revenue_difference);
                  return (
                    <tr key={`${row.day}-${row.currency}`} className={countDiffers || revenueDiffers ? "row-differs" : undefined}>
                      <th scope="row">{formatDay(row.day)}</th>
                      <td>{row.currency}</td>
                      <td className="num">{formatCount(row.magento_orders)}</td>
                      <td className="num">{formatCount(row.erp_orders)}</td>
                      <td className={`num${countDiffers ? " diff" : ""}`}>
                        {countDiffers ? formatQuantity(String(row.count_difference), { signed: true }) : "none"}
                      </td>
                      <td className="num">{formatMoney(row.magento_revenue, row.currency)}</td>
                      <td className="num">{formatMoney(row.erp_revenue, row.currency)}</td>
                      <td className={`num${revenueDiffers ? " diff" : ""}`}>
                        {revenueDiffers ? formatMoney(row.revenue_difference, row.currency, { signed: true }) : "none"}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="hint">Differences are Magento minus {erp}; a positive figure means {erp} has less.</p>
        </>
      )}
    </section>
  );
}

