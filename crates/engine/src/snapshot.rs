//! The snapshot use case: read the chosen entities from Magento into the
//! store, one entity after the other (each read already uses the configured
//! concurrency), and say exactly how each part ended.
//!
//! Guarantees: a part is `complete` only if every page arrived; a part with
//! lost pages is `partial` and names them; an auth failure stops the run
//! (retrying other entities would only lock an admin account faster); a run
//! killed midway is rolled back and marked failed by the next one.

use chrono::{DateTime, Utc};
use magento::{PageEvent, Read};
use model::{Config, Entity, PartStatus, RunStatus, System};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use store::{FinishMode, PartRecord, RunId, Store};

use crate::error::{Error, Result};
use crate::lock::DataDirLock;
use crate::{credentials, paths};

/// Rows written to SQLite per transaction: big enough to amortise the commit,
/// small enough to keep memory flat.
const BATCH_ROWS: usize = 5_000;

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
    let magento_config = config.magento.clone();
    let credentials =
        tokio::task::spawn_blocking(move || credentials::magento_credentials(&magento_config))
            .await
            .map_err(|e| Error::Keychain(e.to_string()))??;
    let client = magento_client(config, credentials)?;
    let started_at = Utc::now();
    let mut store = Store::open(paths::database_file(data_dir), started_at)?;
    let recovered_runs = store.recovered_runs().to_vec();
    for run in &recovered_runs {
        tracing::warn!(%run, "an earlier snapshot was interrupted; it is marked failed");
    }
    let run_id = store.begin_run(&request.entities, request.full, started_at)?;

    let mut parts = Vec::new();
    let mut signed_out: Option<String> = None;
    for &entity in &request.entities {
        let part = match &signed_out {
            Some(reason) => skipped(entity, reason),
            None => {
                let part = snapshot_entity(
                    &client,
                    &mut store,
                    run_id,
                    entity,
                    request.full,
                    config,
                    progress,
                )
                .await?;
                if let Some(reason) = part.sign_in_failure.clone() {
                    signed_out = Some(reason);
                }
                part.report
            }
        };
        store.record_part(run_id, &part_record(&part))?;
        progress.part_finished(&part);
        parts.push(part);
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

fn magento_client(config: &Config, credentials: magento::Credentials) -> Result<magento::Client> {
    let m = &config.magento;
    let mut builder = magento::Client::builder()
        .base_url(&m.base_url)
        .store_code(&m.store_code)
        .credentials(credentials)
        .page_size(m.page_size)
        .concurrency(m.concurrency as usize)
        .timeout(m.timeout())
        .configurable_lines(m.configurable_lines)
        .retry(magento::RetryPolicy {
            max_attempts: m.max_attempts,
            ..magento::RetryPolicy::default()
        });
    if let Some(ca) = &m.ca_file {
        let pem = std::fs::read(ca)
            .map_err(|e| Error::Config(format!("`magento.ca_file` {ca} cannot be read: {e}")))?;
        builder = builder.ca_pem(pem);
    }
    Ok(builder.build()?)
}

async fn snapshot_entity(
    client: &magento::Client,
    store: &mut Store,
    run: RunId,
    entity: Entity,
    full: bool,
    config: &Config,
    progress: &dyn Progress,
) -> Result<EntityOutcome> {
    let system = System::Magento;
    progress.part_started(entity, system);
    let since = if full || entity == Entity::Stock {
        None // MSI source items carry no update time: always read in full
    } else {
        store
            .watermark(system, entity)?
            .and_then(|w| DateTime::parse_from_rfc3339(&w).ok())
            .map(|w| w.with_timezone(&Utc))
    };
    let started = Instant::now();
    let ingested = match entity {
        Entity::Orders => {
            let read = client.orders().read(since);
            let mut writer = store.orders_writer(run, system)?;
            let mut outcome = ingest(
                read,
                |rows| writer.write(rows).map(|o| o.stored),
                |o| Some(o.updated_at),
                entity,
                progress,
            )
            .await;
            outcome.closed = writer.finish(finish_mode(&outcome, since))?;
            outcome
        }
        Entity::Stock => {
            let read = client.inventory().read_source_items().await;
            let mut writer = store.source_items_writer(run, system)?;
            let mut outcome = ingest(
                read,
                |rows| writer.write(rows).map(|o| o.stored),
                |_| None,
                entity,
                progress,
            )
            .await;
            outcome.closed = writer.finish(finish_mode(&outcome, since))?;
            outcome
        }
        Entity::Prices => {
            let read = client.products().read_prices(since);
            let mut writer = store.prices_writer(run, system, &config.magento.store_code)?;
            let mut outcome = ingest(
                read,
                |rows| writer.write(rows).map(|o| o.stored),
                |p| Some(p.updated_at),
                entity,
                progress,
            )
            .await;
            outcome.closed = writer.finish(finish_mode(&outcome, since))?;
            outcome
        }
    };
    let newest_update = ingested.newest_update;
    let sign_in_failure = ingested.sign_in_failure.clone();
    let read_started =
        Utc::now() - chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    let report = ingested.into_report(entity, system, since, started);
    if report.status == PartStatus::Complete
        && let Some(mark) = next_watermark(newest_update, read_started)
    {
        store.set_watermark(system, entity, &mark.to_rfc3339(), run)?;
    }
    Ok(EntityOutcome {
        report,
        sign_in_failure,
    })
}

/// A part's report, and whether Magento refused the admin login (which stops the run).
struct EntityOutcome {
    report: PartReport,
    sign_in_failure: Option<String>,
}

/// Rows changed while a read was under way may carry an update time older
/// than the newest row seen (they were passed before they changed), so the
/// watermark never moves past the read's start, less a margin for the shop's
/// clock being behind ours. Rows read twice as a result are stored once.
fn next_watermark(
    newest_update: Option<DateTime<Utc>>,
    read_started: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let ceiling = read_started - CLOCK_SKEW_MARGIN;
    newest_update.map(|newest| newest.min(ceiling))
}

/// How far the shop's clock may lag ours without an incremental read missing rows.
const CLOCK_SKEW_MARGIN: chrono::Duration = chrono::Duration::minutes(10);

/// A part not attempted because the admin login already failed.
fn skipped(entity: Entity, reason: &str) -> PartReport {
    PartReport {
        entity,
        system: System::Magento,
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
            "not read because signing in to Magento failed: {reason}"
        )],
        warnings: Vec::new(),
    }
}

fn part_record(part: &PartReport) -> PartRecord {
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
    }
}

/// Peak resident set size from /proc (Linux only).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watermark_never_passes_the_read_start() {
        let start = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .to_utc();
        let old = start - chrono::Duration::hours(2);
        assert_eq!(next_watermark(Some(old), start), Some(old));
        assert_eq!(
            next_watermark(Some(start + chrono::Duration::minutes(1)), start),
            Some(start - CLOCK_SKEW_MARGIN)
        );
        assert_eq!(next_watermark(None, start), None);
    }
}

/// What one entity's read produced, before it becomes a report.
#[derive(Debug, Default)]
struct Ingested {
    rows_read: u64,
    rows_stored: u64,
    closed: u64,
    stats: magento::ReadStats,
    errors: Vec<String>,
    warnings: Vec<String>,
    newest_update: Option<DateTime<Utc>>,
    store_seconds: f64,
    store_error: Option<store::Error>,
    /// Set when Magento refused the admin login: trying other entities would
    /// only bring the account closer to its lockout.
    sign_in_failure: Option<String>,
}

/// Pulls pages off a read and writes them in batches. A store error stops
/// the read (nothing is reported stored that was not).
async fn ingest<T>(
    mut read: Read<T>,
    mut write: impl FnMut(&[T]) -> store::Result<u64>,
    updated_at: fn(&T) -> Option<DateTime<Utc>>,
    entity: Entity,
    progress: &dyn Progress,
) -> Ingested {
    let mut out = Ingested::default();
    let mut batch: Vec<T> = Vec::with_capacity(BATCH_ROWS);
    let mut flush = |batch: &mut Vec<T>, out: &mut Ingested| {
        if batch.is_empty() || out.store_error.is_some() {
            return;
        }
        let started = Instant::now();
        match tokio::task::block_in_place(|| write(batch)) {
            Ok(stored) => out.rows_stored += stored,
            Err(e) => out.store_error = Some(e),
        }
        out.store_seconds += started.elapsed().as_secs_f64();
        batch.clear();
    };
    while let Some(event) = read.next().await {
        match event {
            PageEvent::Rows(rows) => {
                out.rows_read += rows.len() as u64;
                for row in &rows {
                    if let Some(at) = updated_at(row) {
                        out.newest_update = out.newest_update.max(Some(at));
                    }
                }
                batch.extend(rows);
                if batch.len() >= BATCH_ROWS {
                    flush(&mut batch, &mut out);
                    if out.store_error.is_some() {
                        break;
                    }
                }
                let stats = read.stats();
                progress.rows(entity, System::Magento, out.rows_read, stats.expected_rows);
            }
            PageEvent::Failed(failure) => {
                // A refused token may be one resource's ACL, so other entities
                // are still tried; a refused admin login is global and each
                // retry brings the 6-failure lockout closer.
                let refused = matches!(
                    failure.error,
                    magento::Error::AdminLoginRejected { .. }
                        | magento::Error::TwoFactorRequired { .. }
                );
                if refused && out.sign_in_failure.is_none() {
                    out.sign_in_failure = Some(failure.error.to_string());
                }
                out.errors
                    .push(format!("{}: {}", failure.page, failure.error));
            }
        }
    }
    flush(&mut batch, &mut out);
    out.stats = read.stats();
    let report = read.finish().await;
    out.warnings.extend(report.warnings);
    if let Some(e) = &out.store_error {
        out.errors
            .push(format!("saving to the local database failed: {e}"));
    }
    out
}

fn finish_mode(outcome: &Ingested, since: Option<DateTime<Utc>>) -> FinishMode {
    match (outcome.errors.is_empty(), since) {
        (false, _) => FinishMode::Incomplete,
        (true, Some(_)) => FinishMode::Incremental,
        (true, None) => FinishMode::FullReadComplete,
    }
}

impl Ingested {
    fn into_report(
        self,
        entity: Entity,
        system: System,
        since: Option<DateTime<Utc>>,
        started: Instant,
    ) -> PartReport {
        let status = if self.errors.is_empty() {
            PartStatus::Complete
        } else if self.rows_read > 0 {
            PartStatus::Partial
        } else {
            PartStatus::Failed
        };
        let mut warnings = self.warnings;
        if self.closed > 0 {
            warnings.push(format!(
                "{} {} no longer exist in Magento and were marked deleted",
                self.closed, entity
            ));
        }
        PartReport {
            entity,
            system,
            status,
            incremental_since: since,
            rows_read: self.rows_read,
            rows_stored: self.rows_stored,
            pages: self.stats.pages,
            requests: self.stats.requests,
            retries: self.stats.retries,
            seconds: started.elapsed().as_secs_f64(),
            store_seconds: self.store_seconds,
            errors: self.errors,
            warnings,
        }
    }
}
