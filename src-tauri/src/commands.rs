//! One function per command the UI calls: take the state, call the engine, map the error.

use engine::dashboard::{MismatchDetail, Overview, ReconSummary, SnapshotRunView, StockHistory};
use engine::mismatches::MismatchView;
use tauri::{AppHandle, State};

use crate::error::{ErrorCode, IpcError};
use crate::exports;
use crate::progress::Emitter;
use crate::state::{App, AppStateView, ConnectionTest, Decision, MismatchQuery, RulesSaved};
use engine::connections::ConnectionState;
use engine::mapping::{MappingChoices, RulesDocument, RulesForm};
use engine::setup::{ConnectForms, ConnectRequest};
use model::SecretString;

type Answer<T> = Result<T, IpcError>;

#[tauri::command]
pub fn app_state(app: State<'_, App>) -> Answer<AppStateView> {
    Ok(app.view())
}

/// Starts the simulators, snapshots and reconciles; emits progress. Takes 5-20 s.
#[tauri::command]
pub async fn start_demo(handle: AppHandle, app: State<'_, App>) -> Answer<AppStateView> {
    app.start_demo(&Emitter::new(handle, "demo")).await?;
    Ok(app.view())
}

/// The sign-in methods and counterpart connectors the Connect screen offers.
#[tauri::command]
pub fn connect_forms() -> Answer<ConnectForms> {
    Ok(engine::setup::forms())
}

/// Saves the settings (a new configuration file) and secrets (the keychain), then tests both.
#[tauri::command]
pub async fn connect_systems(
    app: State<'_, App>,
    request: ConnectRequest,
) -> Answer<Vec<ConnectionTest>> {
    app.connect(request).await
}

/// Test connection for every configured connection (reads a little, writes nothing).
#[tauri::command]
pub async fn test_connections(app: State<'_, App>) -> Answer<Vec<ConnectionTest>> {
    app.test_connections().await
}

/// Each connection and where each of its secrets is found (never the value), with its last test.
#[tauri::command]
pub async fn connections(app: State<'_, App>) -> Answer<Vec<ConnectionState>> {
    let (data_dir, config) = app.configured()?;
    blocking(move || engine::connections::list(&config, &data_dir)).await
}

/// Saves a secret to the keychain for the host the connection names now.
#[tauri::command]
pub async fn save_secret(
    app: State<'_, App>,
    connection: String,
    secret: String,
    value: SecretString,
) -> Answer<Vec<ConnectionState>> {
    let (data_dir, config) = app.own_config()?;
    if value.expose().trim().is_empty() {
        return Err(IpcError::new(
            ErrorCode::BadInput,
            "Type the secret, then save it.",
        ));
    }
    blocking(move || {
        engine::connections::save_secret(&config, &connection, &secret, &value)?;
        engine::connections::list(&config, &data_dir)
    })
    .await
}

/// Removes a secret from the keychain.
#[tauri::command]
pub async fn delete_secret(
    app: State<'_, App>,
    connection: String,
    secret: String,
) -> Answer<Vec<ConnectionState>> {
    let (data_dir, config) = app.own_config()?;
    blocking(move || {
        engine::connections::delete_secret(&config, &connection, &secret)?;
        engine::connections::list(&config, &data_dir)
    })
    .await
}

/// The mapping and rules as the configuration file says them (rejects in the demo).
#[tauri::command]
pub async fn rules_document(app: State<'_, App>) -> Answer<RulesDocument> {
    let path = app.config_file()?;
    blocking(move || engine::mapping::open(&path)).await
}

/// Sources, locations and price lists read from the live systems, with suggestions.
#[tauri::command]
pub async fn mapping_choices(app: State<'_, App>) -> Answer<MappingChoices> {
    let (data_dir, config) = app.configured()?;
    Ok(engine::mapping::choices(&config, &data_dir).await?)
}

/// Saves into the configuration file read at `version`, or says per field what is wrong.
#[tauri::command]
pub async fn save_rules(
    app: State<'_, App>,
    version: String,
    form: RulesForm,
) -> Answer<RulesSaved> {
    app.save_rules(version, form).await
}

#[tauri::command]
pub async fn overview(app: State<'_, App>) -> Answer<Overview> {
    let (data_dir, config) = app.configured()?;
    blocking(move || engine::dashboard::overview(&data_dir, &config)).await
}

/// Largest value at risk first.
#[tauri::command]
pub async fn mismatches(app: State<'_, App>, query: MismatchQuery) -> Answer<Vec<MismatchView>> {
    let (data_dir, _) = app.configured()?;
    blocking(move || engine::mismatches::list(&data_dir, &query.into())).await
}

#[tauri::command]
pub async fn mismatch_detail(app: State<'_, App>, id: i64) -> Answer<MismatchDetail> {
    let (data_dir, config) = app.configured()?;
    blocking(move || engine::dashboard::mismatch_detail(&data_dir, &config, id)).await
}

/// Acknowledges or ignores a mismatch; `note` must not be blank.
#[tauri::command]
pub async fn decide_mismatch(
    app: State<'_, App>,
    id: i64,
    decision: Decision,
    note: String,
) -> Answer<MismatchView> {
    let (data_dir, _) = app.configured()?;
    blocking(move || engine::mismatches::decide(&data_dir, id, decision.into(), &note)).await
}

#[tauri::command]
pub async fn stock_history(
    app: State<'_, App>,
    sku: String,
    source: String,
) -> Answer<StockHistory> {
    let (data_dir, config) = app.configured()?;
    blocking(move || engine::dashboard::stock_history(&data_dir, &config, &sku, &source)).await
}

/// Newest first.
#[tauri::command]
pub async fn snapshot_runs(app: State<'_, App>, limit: usize) -> Answer<Vec<SnapshotRunView>> {
    let (data_dir, _) = app.configured()?;
    blocking(move || engine::dashboard::snapshot_runs(&data_dir, limit)).await
}

/// Snapshots the configured entities of both systems, then reconciles; emits progress.
#[tauri::command]
pub async fn snapshot_now(handle: AppHandle, app: State<'_, App>) -> Answer<SnapshotRunView> {
    app.snapshot_now(&Emitter::new(handle, "snapshot")).await
}

#[tauri::command]
pub async fn reconcile_now(handle: AppHandle, app: State<'_, App>) -> Answer<ReconSummary> {
    app.reconcile_now(&Emitter::new(handle, "reconcile")).await
}

/// Saves the mismatches with these ids, in this order, as CSV in the user's Downloads
/// folder (the one export the CLI writes too); answers where it went.
#[tauri::command]
pub async fn export_mismatches(
    app: State<'_, App>,
    ids: Vec<i64>,
    file_name: String,
) -> Answer<String> {
    let (data_dir, _) = app.configured()?;
    let csv = blocking(move || engine::export::mismatches_csv_of(&data_dir, &ids)).await?;
    // The byte-order mark makes Excel read the file as UTF-8.
    let contents = format!("\u{FEFF}{csv}");
    let saved = tauri::async_runtime::spawn_blocking(move || exports::save(&file_name, &contents));
    saved.await.map_err(|e| IpcError::internal(e.to_string()))?
}

/// Store reads block: keep them off the async runtime's workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> engine::Result<T> + Send + 'static,
) -> Answer<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| IpcError::internal(format!("the work stopped unexpectedly: {e}")))?
        .map_err(IpcError::from)
}
