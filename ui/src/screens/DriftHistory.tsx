//! Why has this SKU at this source drifted? Magento's and the ERP's quantity across every
//! snapshot, with when the difference was first seen and how long it has lasted.

import { useMemo } from "react";
import { StateBadge } from "../components/Badges";
import { Chart } from "../components/Chart";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { driftOption } from "../lib/chartOptions";
import type { StockPoint } from "../lib/ipc/bindings";
import { useBackend } from "../lib/ipc/context";
import { decimalEquals, formatAge, formatDateTime, formatQuantity } from "../lib/format";
import { kindLabel } from "../lib/labels";
import { formatDifference, formatValueAtRisk } from "../lib/mismatchDisplay";
import { useLoad } from "../lib/useLoad";

type Props = { sku: string; source: string; erpName: string | null; onBack: () => void };

/** The sides agree when they are the same decimal, whatever their trailing zeros. */
function differs(point: StockPoint): boolean {
  if (point.magento === null || point.erp === null) return point.magento !== point.erp;
  return !decimalEquals(point.magento, point.erp);
}

export function DriftHistory({ sku, source, erpName, onBack }: Props) {
  const backend = useBackend();
  const history = useLoad(() => backend.stockHistory(sku, source), [backend, sku, source]);
  const erp = erpName ?? "ERP";
  const data = history.data;

  const option = useMemo(
    () => (data === null || data.points.length === 0 ? null : driftOption(data.points, erp)),
    [data, erp],
  );

  const mismatch = data?.mismatch ?? null;

  return (
    <div className="screen screen-drift">
      <header className="screen-header">
        <div>
          <p className="drawer-eyebrow">Stock · drift history</p>
          <h1>
            {sku} <span className="muted">at</span> {source}
          </h1>
        </div>
        <div className="screen-actions">
          <button type="button" className="button" onClick={onBack}>
            ← Back to stock
          </button>
        </div>
      </header>

      {history.error !== null && <ErrorBanner error={history.error} onRetry={history.reload} />}
      {data === null && history.loading && <p className="muted loading">Loading the history…</p>}

      {data !== null && (
        <>
          {mismatch !== null ? (
            <dl className="facts facts-wide">
              <div>
                <dt>Current difference</dt>
                <dd>
                  {kindLabel(mismatch.kind)}
                  {mismatch.delta !== null && `: ${formatDifference(mismatch)} units`}
                </dd>
              </div>
              <div>
                <dt>Value at risk</dt>
                <dd>{formatValueAtRisk(mismatch)}</dd>
              </div>
              <div>
                <dt>First seen</dt>
                <dd>{formatDateTime(mismatch.first_seen)}</dd>
              </div>
              <div>
                <dt>Age</dt>
                <dd>{formatAge(mismatch.age_days)}</dd>
              </div>
              <div>
                <dt>State</dt>
                <dd>
                  <StateBadge state={mismatch.state} />
                </dd>
              </div>
            </dl>
          ) : (
            <p className="banner banner-success">Magento and {erp} agree on this SKU at this source today.</p>
          )}

          {option === null ? (
            <EmptyState title="No snapshots of this SKU at this source yet.">
              Take a snapshot of stock to start its history.
            </EmptyState>
          ) : (
            <section className="panel" aria-labelledby="drift-chart-title">
              <h2 id="drift-chart-title">Quantity in Magento and {erp}, snapshot by snapshot</h2>
              <Chart
                option={option}
                testId="drift-chart"
                label={`Line chart of the quantity of ${sku} at ${source} in Magento and ${erp} over ${data.points.length} snapshots.`}
              />
              <div className="table-scroll">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Snapshot</th>
                      <th scope="col" className="num">
                        Magento
                      </th>
                      <th scope="col" className="num">
                        {erp}
                      </th>
                      <th scope="col">Agree?</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...data.points].reverse().map((point, index) => {
                      const differ = differs(point);
                      return (
                        <tr key={`${point.at}-${index}`} className={differ ? "row-differs" : undefined}>
                          <th scope="row">{formatDateTime(point.at)}</th>
                          <td className="num">{point.magento === null ? "not present" : formatQuantity(point.magento)}</td>
                          <td className="num">{point.erp === null ? "not present" : formatQuantity(point.erp)}</td>
                          <td className={differ ? "diff" : undefined}>{differ ? "Differ" : "Agree"}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}
