//! States and statuses as coloured words (colour is never the only signal).

import type { MismatchState, RunStatus } from "../lib/ipc/bindings";
import { runStatusHint, runStatusLabel, stateHint, stateLabel } from "../lib/labels";

export function StateBadge({ state }: { state: MismatchState }) {
  return (
    <span className={`badge state-${state}`} title={stateHint(state)}>
      {stateLabel(state)}
    </span>
  );
}

export function RunStatusBadge({ status, withHint = false }: { status: RunStatus; withHint?: boolean }) {
  return (
    <span className={`status status-${status}`} title={runStatusHint(status)}>
      <span className="badge">{runStatusLabel(status)}</span>
      {withHint && status !== "complete" && <span className="status-hint">{runStatusHint(status)}</span>}
    </span>
  );
}
