//! From pages to SQLite: pull a read's pages (Magento's or an ERP's), write
//! them in batches, count what happened, and decide how the part ended.

use chrono::{DateTime, Utc};
use model::{Entity, PartStatus, System};
use std::time::Instant;
use store::FinishMode;

use super::{PartReport, Progress};

/// Rows written to SQLite per transaction: big enough to amortise the commit,
/// small enough to keep memory flat.
const BATCH_ROWS: usize = 5_000;

/// How far the shop's clock may lag ours without an incremental read missing rows.
const CLOCK_SKEW_MARGIN: chrono::Duration = chrono::Duration::minutes(10);

/// One page of a read, whichever system it came from.
pub(super) enum Page<T> {
    Rows(Vec<T>),
    Failed {
        /// "<which page>: <what went wrong>", for the user.
        description: String,
        /// The system refused the sign-in itself (stop asking it).
        sign_in_refused: bool,
    },
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Counts {
    pub expected_rows: u64,
    pub pages: u64,
    pub requests: u64,
    pub retries: u64,
}

/// A read in progress: Magento's and the ERP connectors' look alike here.
pub(super) trait Pages<T> {
    async fn next_page(&mut self) -> Option<Page<T>>;
    fn counts(&self) -> Counts;
    /// Waits for the read to end; its warnings.
    async fn finish(self) -> Vec<String>;
}

impl<T, E: connector::PageError> Pages<T> for connector::Read<T, E> {
    async fn next_page(&mut self) -> Option<Page<T>> {
        Some(match self.next().await? {
            connector::PageEvent::Rows(rows) => Page::Rows(rows),
            connector::PageEvent::Failed(failure) => Page::Failed {
                sign_in_refused: failure.error.sign_in_refused(),
                description: format!("{}: {}", failure.page, failure.error),
            },
        })
    }

    fn counts(&self) -> Counts {
        let s = self.stats();
        Counts {
            expected_rows: s.expected_rows,
            pages: s.pages,
            requests: s.requests,
            retries: s.retries,
        }
    }

    async fn finish(self) -> Vec<String> {
        connector::Read::finish(self).await.warnings
    }
}

/// What one entity's read produced, before it becomes a report.
#[derive(Debug, Default)]
pub(super) struct Ingested {
    pub rows_read: u64,
    pub rows_stored: u64,
    /// Versions closed because the rows are gone at the source.
    pub closed: u64,
    counts: Counts,
    pub errors: Vec<String>,
    warnings: Vec<String>,
    pub newest_update: Option<DateTime<Utc>>,
    store_seconds: f64,
    store_error: Option<store::Error>,
    /// Set when the system refused the sign-in: trying other entities would
    /// only bring an admin account closer to its lockout.
    pub sign_in_failure: Option<String>,
}

/// Pulls pages off a read and writes them in batches. A store error stops
/// the read (nothing is reported stored that was not).
pub(super) async fn ingest<T, P: Pages<T>>(
    mut read: P,
    mut write: impl FnMut(&[T]) -> store::Result<u64>,
    updated_at: fn(&T) -> Option<DateTime<Utc>>,
    (entity, system): (Entity, System),
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
    while let Some(page) = read.next_page().await {
        match page {
            Page::Rows(rows) => {
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
                let expected = read.counts().expected_rows;
                progress.rows(entity, system, out.rows_read, expected);
            }
            Page::Failed {
                description,
                sign_in_refused,
            } => {
                if sign_in_refused && out.sign_in_failure.is_none() {
                    out.sign_in_failure = Some(description.clone());
                }
                out.errors.push(description);
            }
        }
    }
    flush(&mut batch, &mut out);
    out.counts = read.counts();
    out.warnings.extend(read.finish().await);
    if let Some(e) = &out.store_error {
        out.errors
            .push(format!("saving to the local database failed: {e}"));
    }
    out
}

impl Ingested {
    /// How the store should close this read: only a complete full read may
    /// mark unseen rows deleted.
    pub fn finish_mode(&self, since: Option<DateTime<Utc>>) -> FinishMode {
        match (self.errors.is_empty(), since) {
            (false, _) => FinishMode::Incomplete,
            (true, Some(_)) => FinishMode::Incremental,
            (true, None) => FinishMode::FullReadComplete,
        }
    }

    pub fn into_report(
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
                "{} {entity} rows no longer exist in {} and were marked deleted",
                self.closed,
                system_name(system)
            ));
        }
        PartReport {
            entity,
            system,
            status,
            incremental_since: since,
            rows_read: self.rows_read,
            rows_stored: self.rows_stored,
            pages: self.counts.pages,
            requests: self.counts.requests,
            retries: self.counts.retries,
            seconds: started.elapsed().as_secs_f64(),
            store_seconds: self.store_seconds,
            errors: self.errors,
            warnings,
            currency: None,
            time_zones: Default::default(),
        }
    }
}

pub(super) fn system_name(system: System) -> &'static str {
    match system {
        System::Magento => "Magento",
        System::Erp => "the ERP",
    }
}

/// The watermark of the last complete read from this scope, if any.
pub(super) fn since(
    store: &store::Store,
    system: System,
    entity: Entity,
    scope: &str,
) -> store::Result<Option<DateTime<Utc>>> {
    Ok(store
        .watermark(system, entity, scope)?
        .and_then(|w| DateTime::parse_from_rfc3339(&w).ok())
        .map(|w| w.with_timezone(&Utc)))
}

/// Rows changed while a read was under way may carry an update time older
/// than the newest row seen (they were passed before they changed), so the
/// watermark never moves past the read's start, less a margin for the other
/// system's clock being behind ours. Rows read twice as a result are stored once.
pub(super) fn next_watermark(
    newest_update: Option<DateTime<Utc>>,
    read_started: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let ceiling = read_started - CLOCK_SKEW_MARGIN;
    newest_update.map(|newest| newest.min(ceiling))
}

/// Records the next watermark after a complete read.
pub(super) fn advance_watermark(
    store: &mut store::Store,
    run: store::RunId,
    (entity, system): (Entity, System),
    scope: &str,
    report: &PartReport,
    (newest_update, started): (Option<DateTime<Utc>>, Instant),
) -> store::Result<()> {
    let read_started =
        Utc::now() - chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    if report.status == PartStatus::Complete
        && let Some(mark) = next_watermark(newest_update, read_started)
    {
        let full_read_at = report.incremental_since.is_none().then_some(read_started);
        store.set_watermark(system, entity, scope, &mark.to_rfc3339(), run, full_read_at)?;
    }
    Ok(())
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
