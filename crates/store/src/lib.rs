//! Driftwatch's snapshot store: one SQLite file holding every snapshot run,
//! the rows each run read from both systems (Magento's orders, stock per source
//! and prices; the ERP's orders and invoices, stock per location and price-list
//! lines), the watermarks of incremental reads, and the results of every
//! reconciliation: its mismatches with their lifecycle and history, control
//! totals and transients (see [Reconciliation results](#reconciliation-results)).
//!
//! # Versioned rows
//! Storage grows with change, not with the number of snapshots. Each table keeps
//! row *versions* of a natural key, each valid for the runs
//! `valid_from_run <= R < valid_to_run` (`valid_to_run` NULL while current). The
//! snapshot "as of run R" is every version valid at R. Natural keys, all
//! qualified by system:
//! - Magento order: `entity_id`; source item: source code + SKU; price: store
//!   code + SKU.
//! - ERP order: document kind (`order` | `invoice`) + the ERP's id; stock:
//!   item number + location code (`''` for an item's total); price-list line:
//!   list + item + currency + minimum quantity (normalised, `1.00` = `1`) +
//!   starting date (`''` when open).
//!
//! Rows arrive through a writer per (run, system[, store scope]), e.g.
//! [`Store::source_items_writer`] or [`Store::erp_stock_writer`], one batch per
//! call and one transaction per batch. For each row a stable content hash over
//! every stored field decides: unchanged -> nothing is written; changed -> the
//! current version is closed at this run and a new one inserted; new key ->
//! inserted. A key read twice in one run (it changed while pages were read, or
//! the source holds two rows the natural key cannot tell apart) keeps the last
//! row, rewritten in place, never two current versions. A failed batch stores
//! nothing and may be retried. [`FinishMode`] says how the read ended: only after a complete full
//! read are keys that were not seen taken as deleted at the source and closed.
//!
//! Money and quantities are stored as exact decimal text with the scale the
//! source reported (`29.9500` reads back as `29.9500`, and a scale-only change
//! counts as a change); times as RFC 3339 UTC text; dates as `YYYY-MM-DD`.
//!
//! # Reconciliation results
//! [`Store::record_recon`] stores one finished reconciliation in one
//! transaction and moves every mismatch along its lifecycle (open, seen again,
//! resolved when no longer found in a complete snapshot, reopened); people
//! acknowledge or ignore mismatches with a note ([`Store::set_mismatch_state`]).
//! The history of each mismatch is append only. These tables do not depend on
//! snapshot runs, and recovery never touches them.
//!
//! # Contract with the engine
//! - One writer: a [`Store`] is used by one thread, and only one process runs a
//!   snapshot at a time. The engine holds an OS file lock for the whole of a run
//!   and opens the store only while holding it, so when [`Store::open`] runs no
//!   live process owns a `running` run.
//! - Therefore [`Store::open`] treats any run still `running` as interrupted (the
//!   process died): it marks it failed and rolls back every row version and
//!   watermark it wrote, so every snapshot reads exactly as after the previous
//!   run. Opening the store while another process is mid-run would roll that
//!   run back under its feet: don't.
//! - At most one run is `running` at a time ([`Store::begin_run`] refuses a
//!   second); only a running run takes rows, parts and watermarks.
//! - No clock inside: callers pass `now`.
//!
//! Layout: `table/*` own one table family each (schema migrations, reads,
//! writes; `recon_runs` and `mismatches` the reconciliation results);
//! `migrations` applies them; `writer` is the one writer they all
//! use, `versioning` its change-only logic and `key_map` its compact in-memory
//! index of current keys; `hash` the stable content hash; `text` the stored
//! forms of money, time and dates.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use model::{Entity, System};
use rusqlite::{Connection, TransactionBehavior};

mod error;
mod hash;
mod key_map;
mod migrations;
mod table;
mod text;
mod versioning;
mod writer;

pub use error::{Error, Result};
pub use table::connection_tests::ConnectionTestRecord;
pub use table::erp_orders::ErpOrdersWriter;
pub use table::erp_price_lines::ErpPriceLinesWriter;
pub use table::erp_stock::ErpStockWriter;
pub use table::mismatches::{
    MismatchEvent, MismatchEventKind, MismatchFigures, MismatchFilter, MismatchRecord, StateCounts,
};
pub use table::orders::OrdersWriter;
pub use table::prices::PricesWriter;
pub use table::recon_runs::{
    DecisionTolerances, ReconOutcome, ReconRecord, ReconRunId, ReconRunSummary, TransientRecord,
};
pub use table::records::RecordTable;
pub use table::runs::{INTERRUPTED, PartRecord, RunId, RunSummary};
pub use table::source_items::SourceItemsWriter;
pub use versioning::{BatchOutcome, FinishMode, QuantityVersion};

use error::At;

/// The snapshot database. See the crate docs for the contract it relies on.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    recovered: Vec<RunId>,
}

impl Store {
    /// Opens (creating file and folder if needed) the database at `path`,
    /// applies pending migrations and recovers interrupted runs.
    pub fn open(path: impl AsRef<Path>, now: DateTime<Utc>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut conn = Connection::open(&path).at(&path)?;
        configure(&conn, &path)?;
        migrations::run(&mut conn, &path, now)?;
        let recovered = recover(&mut conn, &path, now)?;
        Ok(Store {
            conn,
            path,
            recovered,
        })
    }

    /// Opens an existing, migrated database beside a process that may be writing a snapshot
    /// into it right now (WAL lets both work): no migrations and no recovery, which only the
    /// process holding the data directory's lock may do. For reading and for decisions on
    /// mismatches.
    pub fn open_beside(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
            .at(&path)?;
        conn.busy_timeout(Duration::from_secs(5)).at(&path)?;
        conn.pragma_update(None, "foreign_keys", "ON").at(&path)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Store {
            conn,
            path,
            recovered: Vec::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs found `running` by [`Store::open`], now failed and rolled back.
    pub fn recovered_runs(&self) -> &[RunId] {
        &self.recovered
    }

    /// Every version row stored for `entity`, current or not, of every system
    /// (Magento's and the ERP's tables): grows only when rows change.
    pub fn stored_versions(&self, entity: Entity) -> Result<u64> {
        table::stored_versions(&self.conn, &self.path, entity, None)
    }

    /// [`Store::stored_versions`] of one system only.
    pub fn stored_versions_of(&self, entity: Entity, system: System) -> Result<u64> {
        table::stored_versions(&self.conn, &self.path, entity, Some(system))
    }
}

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    // First, so that the pragmas below wait for a busy database too.
    conn.busy_timeout(Duration::from_secs(5)).at(path)?;
    // 8 KiB pages (new databases only; it must precede WAL): snapshot tables are
    // written in bulk and read by full scans, and larger pages mean fewer WAL
    // frames and b-tree pages per row: ~10% faster first-snapshot ingest than
    // 4 KiB. Not 16 KiB: closing a version grows its record (NULL -> run id),
    // and re-balancing full 16 KiB pages halved the speed of changed rows.
    conn.pragma_update(None, "page_size", 8 * 1024).at(path)?;
    // WAL: the desktop app reads while a snapshot writes. NORMAL: in WAL mode a
    // power cut may lose the last commits but never corrupts the file, and a
    // lost batch is simply read again.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .at(path)?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(path = %path.display(), mode, "database is not in WAL mode");
    }
    conn.pragma_update(None, "synchronous", "NORMAL").at(path)?;
    // A snapshot writes 100 MB and more in a burst: checkpoint (and fsync) every
    // 5,000 pages (~40 MB) of WAL rather than SQLite's 1,000 x 4 KiB, and keep at
    // most 64 MB of WAL file around afterwards.
    conn.pragma_update(None, "wal_autocheckpoint", 5_000)
        .at(path)?;
    conn.pragma_update(None, "journal_size_limit", 64 << 20)
        .at(path)?;
    conn.pragma_update(None, "foreign_keys", "ON").at(path)?;
    // Each writer keeps about ten statements prepared; the default 16 would
    // evict them between batches once reads are mixed in.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Marks runs left `running` failed and rolls back their rows, newest first,
/// each in its own transaction.
fn recover(conn: &mut Connection, path: &Path, now: DateTime<Utc>) -> Result<Vec<RunId>> {
    let running = table::runs::running(conn, path)?;
    for &run in running.iter().rev() {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let rows = table::roll_back(&tx, path, run)?;
        table::runs::mark_interrupted(&tx, path, run, now)?;
        tx.commit().at(path)?;
        tracing::warn!(%run, rows, "rolled back a snapshot run interrupted before it finished");
    }
    Ok(running)
}
