//! The snapshot use case: read the chosen entities from Magento (and from each
//! entity's counterpart connection, when it has one) into the store, one part after the other (each
//! read already uses the configured concurrency), and say exactly how each
//! part ended.
//!
//! Guarantees: a part is `complete` only if every page arrived; a part with
//! lost pages is `partial` and names them; a refused sign-in stops asking
//! that system (retrying would only lock an admin account faster); a run
//! killed midway is rolled back and marked failed by the next one.

mod erp;
mod ingest;
mod magento;

use chrono::{DateTime, Utc};
use model::{Config, ConnectionId, Entity, PartStatus, RunStatus, System};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use store::{PartRecord, RunId, Store};

use crate::connectors::{self, PartOrigin};
use crate::error::{Error, Result};
use crate::lock::DataDirLock;
use crate::{connect, paths};

/// What one part reads with: the client, the store it writes to, the run, and
/// (entity, full read).
type PartRead<'a, C> = (C, &'a mut Store, RunId, (Entity, bool));

#[derive(Debug, Clone)]
pub struct SnapshotRequest {
    pub entities: Vec<Entity>,
    /// Ignore watermarks and read everything.
    pub full: bool,
}

/// What a run did, per entity and system. Serialized as the CLI's `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotReport {
    pub run_id: RunId,
    pub status: RunStatus,
    pub full: bool,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// Earlier runs found interrupted and marked failed before this one began.
    pub recovered_runs: Vec<RunId>,
    pub parts: Vec<PartReport>,
    /// Peak resident memory of this process (Linux), for benchmarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartReport {
    pub entity: Entity,
    pub system: System,
    pub status: PartStatus,
    pub incremental_since: Option<DateTime<Utc>>,
    pub rows_read: u64,
    pub rows_stored: u64,
    pub pages: u64,
    pub requests: u64,
    pub retries: u64,
    pub seconds: f64,
    /// Seconds spent writing to SQLite (part of `seconds`).
    pub store_seconds: f64,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    /// The currency of the amounts read, where the system names one for the whole part
    /// (Magento's prices: the store's base currency).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Magento's orders: each store view's time zone, by store id (see [`PartRecord`]).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub time_zones: std::collections::BTreeMap<u32, String>,
}

/// Live progress for a front end (a terminal bar, the desktop's events).
pub trait Progress: Send + Sync {
    fn part_started(&self, _entity: Entity, _system: System) {}
    /// `expected` is 0 until Magento has said how many rows there are.
    fn rows(&self, _entity: Entity, _system: System, _read: u64, _expected: u64) {}
    fn part_finished(&self, _part: &PartReport) {}
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SilentProgress;
impl Progress for SilentProgress {}

pub async fn run(
    config: &Config,
    data_dir: &Path,
    request: &SnapshotRequest,
    progress: &dyn Progress,
) -> Result<SnapshotReport> {
    let _lock = DataDirLock::acquire(data_dir)?;
    let for_keychain = config.clone();
    let entities = request.entities.clone();
    let (client, counterparts) = tokio::task::spawn_blocking(move || {
        Ok::<_, Error>((
            connect::magento(&for_keychain)?,
            connect::counterparts(&for_keychain, &entities)?,
        ))
    })
    .await
    .map_err(|e| Error::Keychain(e.to_string()))??;
    let started_at = Utc::now();
    let mut store = Store::open(paths::database_file(data_dir), started_at)?;
    let recovered_runs = store.recovered_runs().to_vec();
    for run in &recovered_runs {
        tracing::warn!(%run, "an earlier snapshot was interrupted; it is marked failed");
    }
    let run_id = store.begin_run(&request.entities, request.full, started_at)?;
    tracing::info!(%run_id, full = request.full, entities = ?request.entities, "snapshot started");

    let mut parts = Vec::new();
    // A refused sign-in stops asking that connection for the rest of the run.
    let mut refused: BTreeMap<ConnectionId, String> = BTreeMap::new();
    for &entity in &request.entities {
        let what = (entity, request.full);
        for system in [System::Magento, System::Erp] {
            let Some(origin) = connectors::origin(config, entity, system)? else {
                continue;
            };
            let part = match refused.get(&origin.connection) {
                Some(reason) => skipped(entity, system, reason),
                None => {
                    let outcome = match system {
                        System::Magento => {
                            let read = (&client, &mut store, run_id, what);
                            magento::part(read, &origin, config, progress).await?
                        }
                        System::Erp => {
                            let erp = counterparts[&origin.connection].as_ref();
                            erp::part((erp, &mut store, run_id, what), &origin, progress).await?
                        }
                    };
                    if let Some(reason) = outcome.sign_in_failure {
                        refused.insert(origin.connection.clone(), reason);
                    }
                    outcome.report
                }
            };
            store.record_part(run_id, &part_record(&part, &origin))?;
            progress.part_finished(&part);
            parts.push(part);
        }
    }
    let status = RunStatus::from_parts(parts.iter().map(|p| p.status));
    let finished_at = Utc::now();
    store.finish_run(run_id, status, finished_at)?;
    Ok(SnapshotReport {
        run_id,
        status,
        full: request.full,
        started_at,
        finished_at,
        recovered_runs,
        parts,
        peak_rss_bytes: peak_rss_bytes(),
    })
}

/// A part's report, and whether the system refused the sign-in (which stops
/// further parts of that system).
struct EntityOutcome {
    report: PartReport,
    sign_in_failure: Option<String>,
}

/// A part not attempted because signing in to its system already failed.
fn skipped(entity: Entity, system: System, reason: &str) -> PartReport {
    PartReport {
        entity,
        system,
        status: PartStatus::Failed,
        incremental_since: None,
        rows_read: 0,
        rows_stored: 0,
        pages: 0,
        requests: 0,
        retries: 0,
        seconds: 0.0,
        store_seconds: 0.0,
        errors: vec![format!(
            "not read because signing in to {} failed: {reason}",
            ingest::system_name(system)
        )],
        warnings: Vec::new(),
        currency: None,
        time_zones: Default::default(),
    }
}

fn part_record(part: &PartReport, origin: &PartOrigin) -> PartRecord {
    let finished_at = Utc::now();
    let started_at = finished_at
        - chrono::Duration::from_std(std::time::Duration::from_secs_f64(part.seconds))
            .unwrap_or_default();
    PartRecord {
        entity: part.entity,
        system: part.system,
        status: part.status,
        rows_read: part.rows_read,
        rows_stored: part.rows_stored,
        pages: part.pages,
        retries: part.retries,
        errors: part.errors.clone(),
        warnings: part.warnings.clone(),
        started_at,
        finished_at,
        currency: part.currency.clone(),
        connection: Some(origin.connection.to_string()),
        scope: Some(origin.scope.clone()),
        time_zones: part.time_zones.clone(),
    }
}

/// Peak resident set size from /proc (Linux only).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
