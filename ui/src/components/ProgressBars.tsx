//! One bar per entity and system while a task runs, from the shell's "progress" events.

import type { Progress } from "../lib/ipc/bindings";
import { entityLabel, systemLabel } from "../lib/labels";
import { formatCount } from "../lib/format";
import { progressKey } from "../app/activity";

function title(progress: Progress, erpName: string | null): string {
  if (progress.entity !== null && progress.system !== null) {
    return `${entityLabel(progress.entity)} from ${systemLabel(progress.system, erpName)}`;
  }
  if (progress.entity !== null) return entityLabel(progress.entity);
  if (progress.system !== null) return systemLabel(progress.system, erpName);
  return progress.task === "reconcile" ? "Reconciling" : "Preparing";
}

function amount(progress: Progress): string {
  if (progress.finished) return "done";
  if (progress.total === null) return formatCount(progress.done);
  return `${formatCount(progress.done)} of ${formatCount(progress.total)}`;
}

export function ProgressBars({ progress, erpName }: { progress: Progress[]; erpName: string | null }) {
  if (progress.length === 0) return null;
  return (
    <ul className="progress-list" aria-label="Progress">
      {progress.map((item) => {
        const name = title(item, erpName);
        const max = item.total !== null && item.total > 0 ? item.total : undefined;
        const value = item.finished ? (max ?? 1) : max !== undefined ? Math.min(item.done, max) : undefined;
        return (
          <li key={progressKey(item)} className={item.finished ? "progress-item progress-done" : "progress-item"}>
            <div className="progress-label">
              <span className="progress-name">{name}</span>
              <span className="progress-amount">{amount(item)}</span>
            </div>
            <progress
              data-testid="progress-bar"
              data-entity={item.entity ?? ""}
              data-system={item.system ?? ""}
              data-finished={item.finished ? "true" : "false"}
              aria-label={name}
              max={item.finished && max === undefined ? 1 : max}
              value={value}
            />
            <div className="progress-message">{item.message}</div>
          </li>
        );
      })}
    </ul>
  );
}
