//! One mismatch in full: both sides field by field, the records as stored, its history, and
//! the decision (acknowledge or ignore, always with a note). Esc closes it.

import { useEffect, useRef, useState } from "react";
import { toIpcError } from "../lib/ipc/backend";
import type { Decision, IpcError, MismatchKey, MismatchRow } from "../lib/ipc/bindings";
import { useBackend } from "../lib/ipc/context";
import { EMPTY, formatAge, formatDateTime, plural } from "../lib/format";
import { kindLabel, mismatchEntityLabel, stateLabel } from "../lib/labels";
import { eventLabel, formatDifference, formatValueAtRisk } from "../lib/mismatchDisplay";
import { useLoad } from "../lib/useLoad";
import { StateBadge } from "./Badges";
import { ErrorBanner } from "./ErrorBanner";

type Props = {
  row: MismatchRow;
  erpName: string | null;
  onClose: () => void;
  onDecided: (row: MismatchRow) => void;
  onShowDriftHistory?: (sku: string, source: string) => void;
};

export function DetailDrawer({ row, erpName, onClose, onDecided, onShowDriftHistory }: Props) {
  const backend = useBackend();
  const detail = useLoad(() => backend.mismatchDetail(row.id), [backend, row.id]);
  const [note, setNote] = useState("");
  const [sending, setSending] = useState<Decision | null>(null);
  const [decisionError, setDecisionError] = useState<IpcError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const erp = erpName ?? "ERP";

  useEffect(() => {
    heading.current?.focus();
  }, [row.id]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") {
        event.preventDefault();
        onClose();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  async function decide(decision: Decision) {
    const text = note.trim();
    if (text === "" || sending !== null) return;
    setSending(decision);
    setDecisionError(null);
    try {
      onDecided(await backend.decideMismatch(row.id, decision, text));
    } catch (reason) {
      setDecisionError(toIpcError(reason));
      setSending(null);
    }
  }

  const current = detail.data?.mismatch ?? row;
  const stockKey = current.key_parts.entity === "stock" ? current.key_parts : null;
  const blank = note.trim() === "";

  return (
    <aside className="drawer" role="dialog" aria-labelledby="drawer-title" data-testid="detail-drawer">
      <header className="drawer-header">
        <div>
          <p className="drawer-eyebrow">
            {mismatchEntityLabel(current.entity)} · {kindLabel(current.kind)}
          </p>
          <h2 id="drawer-title" ref={heading} tabIndex={-1}>
            {placeTitle(current.key_parts, erp) ?? current.key}
          </h2>
        </div>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close details (Esc)" data-testid="drawer-close">
          Close
        </button>
      </header>

      <div className="drawer-body">
        <dl className="facts">
          <div>
            <dt>State</dt>
            <dd>
              <StateBadge state={current.state} />
            </dd>
          </div>
          <div>
            <dt>Difference</dt>
            <dd>{formatDifference(current)}</dd>
          </div>
          <div>
            <dt>Value at risk</dt>
            <dd>{formatValueAtRisk(current)}</dd>
          </div>
          <div>
            <dt>First seen</dt>
            <dd>
              {formatDateTime(current.first_seen)} ({formatAge(current.age_days)} ago)
            </dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd>{formatDateTime(current.last_seen)}</dd>
          </div>
          <div>
            <dt>Seen</dt>
            <dd>{plural(current.occurrences, "time")}</dd>
          </div>
        </dl>

        {current.note !== null && (
          <p className="decision-record">
            {stateLabel(current.state)}
            {current.actor !== null ? ` by ${current.actor}` : ""}: “{current.note}”
          </p>
        )}

        {stockKey !== null && onShowDriftHistory && (
          <button
            type="button"
            className="button"
            data-testid="drift-history-button"
            onClick={() => onShowDriftHistory(stockKey.sku, stockKey.source)}
          >
            Show drift history
          </button>
        )}

        {detail.error !== null && <ErrorBanner error={detail.error} onRetry={detail.reload} />}
        {detail.loading && detail.data === null && <p className="muted">Loading the details…</p>}

        {detail.data !== null && (
          <>
            <section aria-labelledby="fields-title">
              <h3 id="fields-title">Both sides</h3>
              {detail.data.fields.length === 0 ? (
                <p className="muted">No fields to compare.</p>
              ) : (
                <table className="fields">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Magento</th>
                      <th scope="col">{erp}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.data.fields.map((field, index) => (
                      <tr key={`${field.label}-${index}`} className={field.differs ? "differs" : undefined}>
                        <th scope="row">
                          {field.label}
                          {field.differs && <span className="differs-mark"> (differs)</span>}
                        </th>
                        <td>{field.magento ?? <span className="muted">not present</span>}</td>
                        <td>{field.erp ?? <span className="muted">not present</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="raw-title">
              <h3 id="raw-title">Records as stored</h3>
              <details>
                <summary>Magento record</summary>
                <pre className="raw">{detail.data.magento_raw ?? "Not present in Magento."}</pre>
              </details>
              <details>
                <summary>{erp} record</summary>
                <pre className="raw">{detail.data.erp_raw ?? `Not present in ${erp}.`}</pre>
              </details>
            </section>

            <section aria-labelledby="history-title">
              <h3 id="history-title">History</h3>
              {detail.data.history.length === 0 ? (
                <p className="muted">No history recorded yet.</p>
              ) : (
                <ol className="timeline">
                  {detail.data.history.map((event, index) => (
                    <li key={`${event.at}-${index}`}>
                      <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                      <span className="timeline-event">{eventLabel(event.event)}</span>
                      <span className="timeline-state">{stateLabel(event.state)}</span>
                      {(event.note !== null || event.actor !== null) && (
                        <span className="timeline-note">
                          {event.actor ?? EMPTY}
                          {event.note !== null ? `: “${event.note}”` : ""}
                        </span>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </>
        )}

        <section aria-labelledby="decision-title" className="decision">
          <h3 id="decision-title">Decision</h3>
          <label htmlFor="decision-note">Note (required): why, for whoever looks at this next</label>
          <textarea
            id="decision-note"
            data-testid="decision-note"
            rows={3}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder="e.g. ERP import failed on 21 Nov, re-sent by hand"
          />
          {decisionError !== null && <ErrorBanner error={decisionError} onDismiss={() => setDecisionError(null)} />}
          <div className="decision-buttons">
            <button
              type="button"
              className="button button-primary"
              data-testid="ack-button"
              disabled={blank || sending !== null}
              onClick={() => void decide("acknowledged")}
            >
              {sending === "acknowledged" ? "Saving…" : "Acknowledge"}
            </button>
            <button
              type="button"
              className="button"
              data-testid="ignore-button"
              disabled={blank || sending !== null}
              onClick={() => void decide("ignored")}
            >
              {sending === "ignored" ? "Saving…" : "Ignore"}
            </button>
          </div>
          <p className="hint">
            Acknowledge: someone is dealing with it. Ignore: not worth fixing. Both keep it in the history.
            {blank ? " Write a note to enable the buttons." : ""}
          </p>
        </section>
      </div>
    </aside>
  );
}

/** A whole source or location reads as what it is, not as its stored key. */
function placeTitle(key: MismatchKey, erp: string): string | null {
  if (key.entity !== "place") return null;
  return key.system === "magento" ? `Magento source ${key.code}` : `${erp} location ${key.code}`;
}
