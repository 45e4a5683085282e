//! The connections Driftwatch works with: where each reads from, what it is used for, where
//! each of its secrets is found (never the value), a secret entered again or removed, and Test
//! connection for all of them.

import { useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { TestResult } from "../components/TestResult";
import type { ConnectionState, ConnectionTest, IpcError, SecretState } from "../lib/ipc/bindings";
import { toIpcError } from "../lib/ipc/backend";
import { formatDateTime } from "../lib/format";
import { useBackend } from "../lib/ipc/context";
import { useLoad } from "../lib/useLoad";

const STATE_WORDS: Record<SecretState["state"], string> = {
  environment: "Set by an environment variable",
  keychain: "Saved in this computer's keychain",
  memory: "Held by this app only",
  missing: "Not saved",
  for_another_host: "Saved for another address: enter it again",
  keychain_unavailable: "The keychain is locked or not running",
};

export function Connections() {
  const backend = useBackend();
  const list = useLoad(() => backend.connections(), [backend]);
  const [tests, setTests] = useState<ConnectionTest[] | null>(null);
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  async function test() {
    setTesting(true);
    setError(null);
    try {
      setTests(await backend.testConnections());
    } catch (reason) {
      setError(toIpcError(reason));
    } finally {
      setTesting(false);
    }
  }

  return (
    <div className="screen" data-testid="connections-screen">
      <header className="screen-header">
        <div>
          <h1>Connections</h1>
          <p className="screen-subtitle">Driftwatch only reads from these systems. Secrets are never shown again once saved.</p>
        </div>
        <div className="screen-actions">
          <button type="button" className="button button-primary" data-testid="test-connections" disabled={testing} onClick={() => void test()}>
            {testing ? "Testing…" : "Test connections"}
          </button>
        </div>
      </header>
      {error !== null && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {list.error !== null && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {list.data === null && list.error === null && <p className="muted">Loading…</p>}
      {list.data?.map((connection) => (
        <ConnectionCard
          key={connection.id}
          connection={connection}
          test={tests?.find((t) => t.id === connection.id) ?? null}
          onChanged={(states) => list.setData(states)}
        />
      ))}
    </div>
  );
}

function ConnectionCard({
  connection,
  test,
  onChanged,
}: {
  connection: ConnectionState;
  test: ConnectionTest | null;
  onChanged: (states: ConnectionState[]) => void;
}) {
  return (
    <section className="mapping-section" data-testid={`connection-${connection.id}`} aria-labelledby={`connection-${connection.id}-name`}>
      <h2 id={`connection-${connection.id}-name`}>
        {connection.name} <span className="muted">({connection.id})</span>
      </h2>
      <p className="hint">
        Reads from <code>{connection.endpoint}</code>
        {connection.entities.length > 0 ? `; used for ${connection.entities.join(", ")}.` : "; not used for anything yet."}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Secret</th>
            <th scope="col">Where it is</th>
            <th scope="col">Enter it again</th>
          </tr>
        </thead>
        <tbody>
          {connection.secrets.map((secret) => (
            <SecretRow key={secret.name} connection={connection.id} secret={secret} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
      {test !== null && <TestResult test={test} />}
      {test === null && connection.last_test !== null && (
        <div data-testid={`last-test-${connection.id}`}>
          <p className="hint">Last tested {formatDateTime(connection.last_test.tested_at)}:</p>
          <TestResult
            test={{ id: connection.id, name: connection.name, endpoint: connection.endpoint, report: connection.last_test.report }}
          />
        </div>
      )}
      {test === null && connection.last_test === null && <p className="hint">Not tested yet.</p>}
    </section>
  );
}

function SecretRow({
  connection,
  secret,
  onChanged,
}: {
  connection: string;
  secret: SecretState;
  onChanged: (states: ConnectionState[]) => void;
}) {
  const backend = useBackend();
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const id = `secret-${connection}-${secret.name}`;
  const found = secret.state === "keychain" || secret.state === "environment" || secret.state === "memory";

  async function run(action: () => Promise<ConnectionState[]>) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
      setValue("");
    } catch (reason) {
      setError(toIpcError(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr>
      <th scope="row">
        <label htmlFor={id}>{secret.label}</label>
        {secret.help !== "" && <p className="hint">{secret.help}</p>}
      </th>
      <td data-testid={`${id}-state`} className={found ? "" : "secret-missing"}>
        {STATE_WORDS[secret.state]}
        {secret.state === "environment" && <span className="muted"> ({secret.env_var})</span>}
        {error !== null && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      </td>
      <td>
        <input id={id} data-testid={id} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />{" "}
        <button
          type="button"
          className="button"
          data-testid={`${id}-save`}
          disabled={busy || value.trim() === ""}
          onClick={() => void run(() => backend.saveSecret(connection, secret.name, value))}
        >
          Save
        </button>{" "}
        {secret.state === "keychain" && !confirming && (
          <button type="button" className="button button-quiet" data-testid={`${id}-delete`} disabled={busy} onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
        {secret.state === "keychain" && confirming && (
          <span role="alert">
            Driftwatch cannot sign in without it.{" "}
            <button
              type="button"
              className="button"
              data-testid={`${id}-delete-confirm`}
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                void run(() => backend.deleteSecret(connection, secret.name));
              }}
            >
              Remove it
            </button>{" "}
            <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
