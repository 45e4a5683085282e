//! The one door from the UI to the desktop shell.
//!
//! Screens receive a `Backend` through React context (`BackendProvider`), so they run the same
//! against the Tauri shell (`tauri.ts`) or against a test double in the tests. Every method
//! rejects with an `IpcError` (`{code, message}`), never with a bare string or an Error object.

import type {
  AppState,
  ConnectForms,
  ConnectRequest,
  ConnectionState,
  ConnectionTest,
  Decision,
  ErrorCode,
  IpcError,
  MappingChoices,
  MismatchDetail,
  MismatchQuery,
  MismatchRow,
  Overview,
  Progress,
  ReconSummary,
  RulesDocument,
  RulesForm,
  RulesSaved,
  SnapshotRunView,
  StockHistory,
} from "./bindings";

export interface Backend {
  appState(): Promise<AppState>;
  /** Starts the simulators, snapshots and reconciles; emits progress. Takes 5-20 s. */
  startDemo(): Promise<AppState>;
  /** The sign-in methods and counterpart connectors the Connect screen offers. */
  connectForms(): Promise<ConnectForms>;
  /** Saves the settings (a new configuration file) and secrets (the keychain), then tests both. */
  connectSystems(request: ConnectRequest): Promise<ConnectionTest[]>;
  /** Test connection for every configured connection (reads a little, writes nothing). */
  testConnections(): Promise<ConnectionTest[]>;
  /** Each connection and where each of its secrets is found (never the value). */
  connections(): Promise<ConnectionState[]>;
  /** Saves a secret to the keychain for the host the connection names now. */
  saveSecret(connection: string, secret: string, value: string): Promise<ConnectionState[]>;
  /** Removes a secret from the keychain. */
  deleteSecret(connection: string, secret: string): Promise<ConnectionState[]>;
  /** The mapping and rules as the configuration file says them (rejects in the demo). */
  rulesDocument(): Promise<RulesDocument>;
  /** Sources, locations and price lists read from the live systems, with suggestions. */
  mappingChoices(): Promise<MappingChoices>;
  /** Saves into the configuration file read at `version`, or says per field what is wrong. */
  saveRules(version: string, form: RulesForm): Promise<RulesSaved>;
  overview(): Promise<Overview>;
  /** Largest value at risk first. */
  mismatches(query: MismatchQuery): Promise<MismatchRow[]>;
  mismatchDetail(id: number): Promise<MismatchDetail>;
  /** `note` must not be blank. */
  decideMismatch(id: number, decision: Decision, note: string): Promise<MismatchRow>;
  stockHistory(sku: string, source: string): Promise<StockHistory>;
  /** Newest first. */
  snapshotRuns(limit: number): Promise<SnapshotRunView[]>;
  /** Snapshots every entity of both systems, then reconciles; emits progress. */
  snapshotNow(): Promise<SnapshotRunView>;
  reconcileNow(): Promise<ReconSummary>;
  /**
   * Saves the mismatches with these ids, in this order, as CSV in the user's Downloads
   * folder (the shell writes the one export the CLI writes too); answers where it went.
   */
  exportMismatches(ids: number[], fileName: string): Promise<string>;
  /** Listens to the "progress" event; returns the function that stops listening. */
  onProgress(listener: (progress: Progress) => void): () => void;
}

const ERROR_CODES: readonly ErrorCode[] = [
  "not_configured",
  "config_invalid",
  "busy",
  "secret_missing",
  "keychain_unavailable",
  "credentials_rejected",
  "unreachable",
  "tls_failure",
  "system_failed",
  "bad_input",
  "not_found",
  "internal",
];

const UNKNOWN_ERROR_MESSAGE =
  "Something went wrong inside Driftwatch. Try again; if it keeps happening, restart the app.";

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return (
    typeof candidate.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === "string"
  );
}

/**
 * Whatever a rejection carries, turn it into an `IpcError` a person can read. Anything that is
 * not the shape the shell promises (a bare string, a JS exception) becomes a generic message:
 * raw text from inside the app is not for the user's eyes.
 */
export function toIpcError(reason: unknown): IpcError {
  if (isIpcError(reason)) {
    const message = reason.message.trim();
    return { code: reason.code, message: message === "" ? UNKNOWN_ERROR_MESSAGE : message };
  }
  return { code: "internal", message: UNKNOWN_ERROR_MESSAGE };
}
