//! Every snapshot run: when, how long, and for each entity and system how many rows and pages
//! were read, how often a request had to be retried, and what went wrong, in words.

import { useActivity } from "../app/activity";
import { RunStatusBadge } from "../components/Badges";
import { SnapshotNowButton } from "../components/SnapshotNowButton";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { ProgressBars } from "../components/ProgressBars";
import type { PartView, SnapshotRunView } from "../lib/ipc/bindings";
import { useBackend } from "../lib/ipc/context";
import { formatCount, formatDateTime, formatDuration, plural } from "../lib/format";
import { entityLabel, systemLabel } from "../lib/labels";
import { useLoad } from "../lib/useLoad";

const RUNS_SHOWN = 50;

function Problems({ part }: { part: PartView }) {
  if (part.errors.length === 0 && part.warnings.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="problems">
      {part.errors.map((text, index) => (
        <li key={`e${index}`} className="problem-error">
          <strong>Error:</strong> {text}
        </li>
      ))}
      {part.warnings.map((text, index) => (
        <li key={`w${index}`} className="problem-warning">
          <strong>Warning:</strong> {text}
        </li>
      ))}
    </ul>
  );
}

function RunRows({ run, erpName }: { run: SnapshotRunView; erpName: string | null }) {
  const span = Math.max(1, run.parts.length);
  const runCells = (
    <>
      <th scope="rowgroup" rowSpan={span} className="run-cell">
        {formatDateTime(run.started_at)}
      </th>
      <td rowSpan={span} className="run-cell num">
        {run.status === "running" ? "running…" : formatDuration(run.duration_ms)}
      </td>
      <td rowSpan={span} className="run-cell">
        <RunStatusBadge status={run.status} withHint />
        {run.error !== null && <p className="run-error">{run.error}</p>}
      </td>
    </>
  );
  if (run.parts.length === 0) {
    return (
      <tbody className={`run run-${run.status}`} data-run-id={run.id} data-status={run.status}>
        <tr>
          {runCells}
          <td colSpan={6} className="muted">
            Nothing was read.
          </td>
        </tr>
      </tbody>
    );
  }
  return (
    <tbody className={`run run-${run.status}`} data-run-id={run.id} data-status={run.status}>
      {run.parts.map((part, index) => (
        <tr key={`${part.entity}-${part.system}`} className={part.status === "complete" ? undefined : `row-${part.status}`}>
          {index === 0 && runCells}
          <td>
            {entityLabel(part.entity)} from {systemLabel(part.system, erpName)}
          </td>
          <td>
            <RunStatusBadge status={part.status} />
          </td>
          <td className="num">{formatCount(part.rows_read)}</td>
          <td className="num">{formatCount(part.pages)}</td>
          <td className="num">{part.retries === 0 ? "none" : plural(part.retries, "retry", "retries")}</td>
          <td>
            <Problems part={part} />
          </td>
        </tr>
      ))}
    </tbody>
  );
}

export function Snapshots({ erpName }: { erpName: string | null }) {
  const backend = useBackend();
  const activity = useActivity();
  const runs = useLoad(() => backend.snapshotRuns(RUNS_SHOWN), [backend, activity.dataVersion]);
  const troubled = runs.data?.filter((run) => run.status === "partial" || run.status === "failed").length ?? 0;

  return (
    <div className="screen screen-snapshots">
      <header className="screen-header">
        <div>
          <h1>Snapshots</h1>
          <p className="screen-subtitle">
            Each snapshot reads orders, stock and prices from Magento and {erpName ?? "the ERP"}.
            {troubled > 0 && ` ${plural(troubled, "recent run")} did not read everything: see the rows marked Partial or Failed.`}
          </p>
        </div>
        <div className="screen-actions">
          <SnapshotNowButton />
        </div>
      </header>

      <ProgressBars progress={activity.progress} erpName={erpName} />
      {runs.error !== null && <ErrorBanner error={runs.error} onRetry={runs.reload} />}
      {runs.data === null && runs.loading && <p className="muted loading">Loading snapshot runs…</p>}

      {runs.data !== null &&
        (runs.data.length === 0 ? (
          <EmptyState title="No snapshots yet.">Press “Snapshot now” to read both systems for the first time.</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table runs" data-testid="snapshot-runs">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">
                    Took
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Part</th>
                  <th scope="col">Part status</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col" className="num">
                    Pages
                  </th>
                  <th scope="col" className="num">
                    Retries
                  </th>
                  <th scope="col">Problems</th>
                </tr>
              </thead>
              {runs.data.map((run) => (
                <RunRows key={run.id} run={run} erpName={erpName} />
              ))}
            </table>
          </div>
        ))}
      {runs.data !== null && runs.data.length === RUNS_SHOWN && (
        <p className="hint">Showing the latest {RUNS_SHOWN} runs.</p>
      )}
      <p className="hint">Retries are requests sent again after a busy or slow answer; a few are normal.</p>
    </div>
  );
}
