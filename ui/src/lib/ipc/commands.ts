// Generated from the #[tauri::command] handlers in src-tauri/src/commands.rs by src-tauri/src/ipc.rs: do not edit.
// Regenerate: DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop ipc

import type { AppState, ConnectForms, ConnectRequest, ConnectionState, ConnectionTest, Decision, MappingChoices, MismatchDetail, MismatchQuery, MismatchRow, Overview, ReconSummary, RulesDocument, RulesForm, RulesSaved, SnapshotRunView, StockHistory } from "./bindings";

/** Every command of the desktop shell, as the shell declares it. */
export interface Commands {
  appState(): Promise<AppState>;
  /** Starts the simulators, snapshots and reconciles; emits progress. Takes 5-20 s. */
  startDemo(): Promise<AppState>;
  /** The sign-in methods and counterpart connectors the Connect screen offers. */
  connectForms(): Promise<ConnectForms>;
  /** Saves the settings (a new configuration file) and secrets (the keychain), then tests both. */
  connectSystems(request: ConnectRequest): Promise<ConnectionTest[]>;
  /** Test connection for every configured connection (reads a little, writes nothing). */
  testConnections(): Promise<ConnectionTest[]>;
  /** Each connection and where each of its secrets is found (never the value), with its last test. */
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
  /** Acknowledges or ignores a mismatch; `note` must not be blank. */
  decideMismatch(id: number, decision: Decision, note: string): Promise<MismatchRow>;
  stockHistory(sku: string, source: string): Promise<StockHistory>;
  /** Newest first. */
  snapshotRuns(limit: number): Promise<SnapshotRunView[]>;
  /** Snapshots the configured entities of both systems, then reconciles; emits progress. */
  snapshotNow(): Promise<SnapshotRunView>;
  reconcileNow(): Promise<ReconSummary>;
  /**
   * Saves the mismatches with these ids, in this order, as CSV in the user's Downloads
   * folder (the one export the CLI writes too); answers where it went.
   */
  exportMismatches(ids: number[], fileName: string): Promise<string>;
}

/** Sends one command with its named arguments; rejects with an `IpcError`. */
export type Call = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** The commands over `call` (Tauri's `invoke` in the app). */
export function commandsOver(call: Call): Commands {
  return {
    appState: () => call("app_state"),
    startDemo: () => call("start_demo"),
    connectForms: () => call("connect_forms"),
    connectSystems: (request) => call("connect_systems", { request }),
    testConnections: () => call("test_connections"),
    connections: () => call("connections"),
    saveSecret: (connection, secret, value) => call("save_secret", { connection, secret, value }),
    deleteSecret: (connection, secret) => call("delete_secret", { connection, secret }),
    rulesDocument: () => call("rules_document"),
    mappingChoices: () => call("mapping_choices"),
    saveRules: (version, form) => call("save_rules", { version, form }),
    overview: () => call("overview"),
    mismatches: (query) => call("mismatches", { query }),
    mismatchDetail: (id) => call("mismatch_detail", { id }),
    decideMismatch: (id, decision, note) => call("decide_mismatch", { id, decision, note }),
    stockHistory: (sku, source) => call("stock_history", { sku, source }),
    snapshotRuns: (limit) => call("snapshot_runs", { limit }),
    snapshotNow: () => call("snapshot_now"),
    reconcileNow: () => call("reconcile_now"),
    exportMismatches: (ids, fileName) => call("export_mismatches", { ids, fileName }),
  };
}
