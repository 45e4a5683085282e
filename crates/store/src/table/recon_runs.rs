//! Reconciliation runs: one row per [`Store::record_recon`], with the control
//! totals and the transients of that run.
//!
//! A reconciliation run is recorded whole, in one transaction, once it has
//! finished: the run row, every finding's effect on the mismatches
//! ([`crate::table::mismatches`]), the control totals and the transients. So
//! there is never a half-recorded reconciliation to recover, and these tables
//! are independent of snapshot runs: rolling back an interrupted snapshot
//! ([`Store::open`]) never touches them. Which snapshot runs were compared is
//! kept as opaque JSON (`snapshot_runs`), as are the engine's own `counts`.
//! Rows are only inserted, never updated after the run's transaction commits
//! nor deleted, so ids (AUTOINCREMENT) only grow.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use model::{ControlTotal, Finding, MismatchEntity, MismatchKind, Transient};
use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::{At, Error, Result};
use crate::migrations::Migration;
use crate::table::mismatches::{
    self, StateCounts, key_parts, key_parts_sql, location_part_sql, read_key,
};
use crate::text::{self, Count, Date, Dec, Json, OptDec, Parsed, Time, Words};

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: "2026-11-23-0009-recon-runs",
        sql: "
CREATE TABLE recon_runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at       TEXT NOT NULL,
    finished_at      TEXT NOT NULL,
    -- comma-separated mismatch entities (`order,stock`)
    entities         TEXT NOT NULL,
    -- the entities whose snapshot was partial, likewise
    partial_entities TEXT NOT NULL,
    partial          INTEGER NOT NULL,
    -- JSON, opaque to the store
    snapshot_runs    TEXT NOT NULL,
    -- JSON array of strings
    labels           TEXT NOT NULL,
    -- JSON, opaque to the store
    counts           TEXT NOT NULL,
    transients       INTEGER NOT NULL,
    -- what the run did to the mismatches
    opened           INTEGER NOT NULL,
    reopened         INTEGER NOT NULL,
    still_open       INTEGER NOT NULL,
    resolved         INTEGER NOT NULL,
    -- JSON object: mismatches in each state right after the run
    states           TEXT NOT NULL
) STRICT;

CREATE TABLE control_totals (
    recon_run       INTEGER NOT NULL REFERENCES recon_runs(id),
    day             TEXT NOT NULL,
    currency        TEXT NOT NULL,
    magento_orders  INTEGER NOT NULL,
    magento_revenue TEXT NOT NULL,
    erp_orders      INTEGER NOT NULL,
    erp_revenue     TEXT NOT NULL,
    PRIMARY KEY (recon_run, day, currency)
) STRICT, WITHOUT ROWID;

CREATE TABLE recon_transients (
    id            INTEGER PRIMARY KEY,
    recon_run     INTEGER NOT NULL REFERENCES recon_runs(id),
    entity        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL,
    magento       TEXT,
    erp           TEXT,
    delta         TEXT,
    value_at_risk TEXT,
    currency      TEXT,
    confirmed_at  TEXT NOT NULL
) STRICT;

CREATE INDEX recon_transients_by_run ON recon_transients (recon_run);
",
    },
    Migration {
        version: "2026-12-07-0005-transient-key-parts",
        sql: key_parts_sql!("recon_transients"),
    },
    Migration {
        version: "2026-12-07-0007-transient-location",
        sql: location_part_sql!("recon_transients"),
    },
];

/// The id of a reconciliation run (not a snapshot [`RunId`](crate::RunId)).
/// Ids only grow: a later run has a larger id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReconRunId(pub i64);

impl std::fmt::Display for ReconRunId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Everything one finished reconciliation hands to the store.
#[derive(Debug, Clone)]
pub struct ReconRecord<'a> {
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// Entities reconciled in this run: only their mismatches can be resolved by it.
    pub entities: &'a [MismatchEntity],
    /// Entities whose snapshot was partial: their missing findings are NOT
    /// auto-resolved (a row may simply not have been read), but new/seen
    /// findings are still recorded.
    pub partial_entities: &'a [MismatchEntity],
    /// Which snapshot run of each system was compared; opaque to the store.
    pub snapshot_runs: serde_json::Value,
    /// Caveats to show with the results, e.g. "the ERP stock snapshot of run 4 is partial".
    pub labels: &'a [String],
    /// The engine's own counts; opaque to the store.
    pub counts: serde_json::Value,
    /// Unique by (entity, kind, key).
    pub findings: &'a [Finding],
    pub transients: &'a [Transient],
    /// Unique by (day, currency).
    pub control_totals: &'a [ControlTotal],
    /// How far a difference may move and still be the one a person decided on.
    pub decisions: DecisionTolerances,
}

/// Per entity, how far a finding's difference may move from the one a person acknowledged or
/// ignored for the decision to still hold when the finding returns after a gap (the
/// reconciliation's own tolerances; exact when zero).
#[derive(Debug, Clone, Copy, Default)]
pub struct DecisionTolerances {
    pub order: model::rules::Tolerance,
    pub stock: model::rules::Tolerance,
    pub price: model::rules::Tolerance,
}

impl DecisionTolerances {
    pub fn of(&self, entity: MismatchEntity) -> model::rules::Tolerance {
        match entity {
            MismatchEntity::Order => self.order,
            MismatchEntity::Stock => self.stock,
            MismatchEntity::Price => self.price,
        }
    }
}

/// What [`Store::record_recon`] did to the mismatches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReconOutcome {
    pub run: ReconRunId,
    /// Found for the first time.
    pub opened: u64,
    /// Found again after they had been resolved.
    pub reopened: u64,
    /// Seen again, in any state but resolved (open, acknowledged, ignored, replayed).
    pub still_open: u64,
    /// No longer found in an entity this run reconciled completely.
    pub resolved: u64,
}

/// A reconciliation run as the history screen and `--json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReconRunSummary {
    pub id: ReconRunId,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub entities: Vec<MismatchEntity>,
    pub partial_entities: Vec<MismatchEntity>,
    /// Some entity's snapshot was partial (`partial_entities` is not empty).
    pub partial: bool,
    pub snapshot_runs: serde_json::Value,
    pub labels: Vec<String>,
    pub counts: serde_json::Value,
    /// How many transients the run confirmed ([`Store::transients`] lists them).
    pub transients: u64,
    pub opened: u64,
    pub reopened: u64,
    pub still_open: u64,
    pub resolved: u64,
    /// Mismatches in each state right after this run (later acknowledgements
    /// do not change it).
    pub states: StateCounts,
}

/// A transient stored with the reconciliation run that confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransientRecord {
    pub run: ReconRunId,
    pub transient: Transient,
}

impl Store {
    /// Records a finished reconciliation in one transaction: the run, its
    /// effect on every mismatch (see [`crate::table::mismatches`] for the
    /// lifecycle), its control totals and transients. On error nothing is stored.
    pub fn record_recon(&mut self, record: &ReconRecord<'_>) -> Result<ReconOutcome> {
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let run = insert_run(&tx, path, record)?;
        let tally = mismatches::apply(&tx, path, run, record)?;
        insert_control_totals(&tx, path, run, record.control_totals)?;
        insert_transients(&tx, path, run, record.transients)?;
        let states = mismatches::state_counts(&tx, path)?;
        tx.execute(
            "UPDATE recon_runs SET opened = ?2, reopened = ?3, still_open = ?4, resolved = ?5,
                 states = ?6
             WHERE id = ?1",
            (
                run.0,
                text::int("opened mismatches", tally.opened)?,
                text::int("reopened mismatches", tally.reopened)?,
                text::int("mismatches still open", tally.still_open)?,
                text::int("resolved mismatches", tally.resolved)?,
                text::json(&states)?,
            ),
        )
        .at(path)?;
        tx.commit().at(path)?;
        Ok(ReconOutcome {
            run,
            opened: tally.opened,
            reopened: tally.reopened,
            still_open: tally.still_open,
            resolved: tally.resolved,
        })
    }

    /// The latest `limit` reconciliation runs, newest first.
    pub fn recon_runs(&self, limit: usize) -> Result<Vec<ReconRunSummary>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {RUN_COLUMNS} FROM recon_runs ORDER BY id DESC LIMIT ?1"
            ))
            .at(&self.path)?;
        stmt.query_map([limit], summary_row)
            .at(&self.path)?
            .collect::<rusqlite::Result<_>>()
            .at(&self.path)
    }

    pub fn latest_recon_run(&self) -> Result<Option<ReconRunSummary>> {
        Ok(self.recon_runs(1)?.pop())
    }

    pub fn recon_run(&self, run: ReconRunId) -> Result<Option<ReconRunSummary>> {
        self.conn
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM recon_runs WHERE id = ?1"),
                [run.0],
                summary_row,
            )
            .optional()
            .at(&self.path)
    }

    /// The control totals of `run`, by day, then currency.
    pub fn control_totals(&self, run: ReconRunId) -> Result<Vec<ControlTotal>> {
        self.require_recon_run(run)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT day, currency, magento_orders, magento_revenue, erp_orders, erp_revenue
                 FROM control_totals WHERE recon_run = ?1 ORDER BY day, currency",
            )
            .at(&self.path)?;
        stmt.query_map([run.0], |row| {
            Ok(ControlTotal {
                day: row.get::<_, Date>(0)?.0,
                currency: row.get(1)?,
                magento_orders: row.get::<_, Count>(2)?.0,
                magento_revenue: row.get::<_, Dec>(3)?.0,
                erp_orders: row.get::<_, Count>(4)?.0,
                erp_revenue: row.get::<_, Dec>(5)?.0,
            })
        })
        .at(&self.path)?
        .collect::<rusqlite::Result<_>>()
        .at(&self.path)
    }

    /// The transients `run` confirmed, in the order it reported them.
    pub fn transients(&self, run: ReconRunId) -> Result<Vec<TransientRecord>> {
        self.require_recon_run(run)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT entity, kind, key, magento, erp, delta, value_at_risk, currency,
                        confirmed_at, sku, source, price_list, customer_group, min_qty,
                        location
                 FROM recon_transients WHERE recon_run = ?1 ORDER BY id",
            )
            .at(&self.path)?;
        stmt.query_map([run.0], |row| {
            Ok(TransientRecord {
                run,
                transient: Transient {
                    first: Finding {
                        kind: row.get::<_, Parsed<MismatchKind>>(1)?.0,
                        key: read_key(row, 0, 2, 9)?,
                        magento: row.get(3)?,
                        erp: row.get(4)?,
                        delta: row.get::<_, OptDec>(5)?.0,
                        value_at_risk: row.get::<_, OptDec>(6)?.0,
                        currency: row.get(7)?,
                    },
                    confirmed_at: row.get::<_, Time>(8)?.0,
                },
            })
        })
        .at(&self.path)?
        .collect::<rusqlite::Result<_>>()
        .at(&self.path)
    }

    /// Reading the results of a run that never happened is a mistake, not an empty list.
    fn require_recon_run(&self, run: ReconRunId) -> Result<()> {
        let exists = self
            .conn
            .query_row(
                "SELECT 1 FROM recon_runs WHERE id = ?1",
                [run.0],
                |_| Ok(()),
            )
            .optional()
            .at(&self.path)?;
        exists.ok_or_else(|| Error::UnknownReconRun {
            path: self.path.clone(),
            run,
        })
    }
}

/// Inserts the run with its outcome still zero ([`Store::record_recon`] sets it last).
fn insert_run(tx: &Transaction<'_>, path: &Path, record: &ReconRecord<'_>) -> Result<ReconRunId> {
    tx.execute(
        "INSERT INTO recon_runs (started_at, finished_at, entities, partial_entities, partial,
             snapshot_runs, labels, counts, transients, opened, reopened, still_open, resolved,
             states)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, 0, 0, 0, '{}')",
        rusqlite::params![
            text::time(&record.started_at),
            text::time(&record.finished_at),
            text::words(record.entities),
            text::words(record.partial_entities),
            !record.partial_entities.is_empty(),
            text::json(&record.snapshot_runs)?,
            text::json(record.labels)?,
            text::json(&record.counts)?,
            text::int("transients", record.transients.len() as u64)?,
        ],
    )
    .at(path)?;
    Ok(ReconRunId(tx.last_insert_rowid()))
}

fn insert_control_totals(
    tx: &Transaction<'_>,
    path: &Path,
    run: ReconRunId,
    totals: &[ControlTotal],
) -> Result<()> {
    let mut seen = HashSet::with_capacity(totals.len());
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO control_totals (recon_run, day, currency, magento_orders,
                 magento_revenue, erp_orders, erp_revenue)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .at(path)?;
    for t in totals {
        if !seen.insert((t.day, t.currency.as_str())) {
            return Err(Error::DuplicateControlTotal {
                day: t.day,
                currency: t.currency.clone(),
            });
        }
        insert
            .execute(rusqlite::params![
                run.0,
                text::date(&t.day),
                t.currency,
                text::int("Magento orders", t.magento_orders)?,
                text::decimal(&t.magento_revenue),
                text::int("ERP orders", t.erp_orders)?,
                text::decimal(&t.erp_revenue),
            ])
            .at(path)?;
    }
    Ok(())
}

fn insert_transients(
    tx: &Transaction<'_>,
    path: &Path,
    run: ReconRunId,
    transients: &[Transient],
) -> Result<()> {
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO recon_transients (recon_run, entity, kind, key, magento, erp, delta,
                 value_at_risk, currency, confirmed_at, sku, source, price_list, customer_group,
                 min_qty, location)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .at(path)?;
    for t in transients {
        let f = &t.first;
        let parts = key_parts(&f.key);
        insert
            .execute(rusqlite::params![
                run.0,
                f.entity().as_str(),
                f.kind.as_str(),
                f.key.to_string(),
                f.magento,
                f.erp,
                f.delta.as_ref().map(text::decimal),
                f.value_at_risk.as_ref().map(text::decimal),
                f.currency,
                text::time(&t.confirmed_at),
                parts.sku,
                parts.source,
                parts.price_list,
                parts.customer_group,
                parts.min_qty,
                parts.location,
            ])
            .at(path)?;
    }
    Ok(())
}

const RUN_COLUMNS: &str = "id, started_at, finished_at, entities, partial_entities, partial,
    snapshot_runs, labels, counts, transients, opened, reopened, still_open, resolved, states";

fn summary_row(row: &Row<'_>) -> rusqlite::Result<ReconRunSummary> {
    Ok(ReconRunSummary {
        id: ReconRunId(row.get(0)?),
        started_at: row.get::<_, Time>(1)?.0,
        finished_at: row.get::<_, Time>(2)?.0,
        entities: row.get::<_, Words<MismatchEntity>>(3)?.0,
        partial_entities: row.get::<_, Words<MismatchEntity>>(4)?.0,
        partial: row.get(5)?,
        snapshot_runs: row.get::<_, Json<_>>(6)?.0,
        labels: row.get::<_, Json<_>>(7)?.0,
        counts: row.get::<_, Json<_>>(8)?.0,
        transients: row.get::<_, Count>(9)?.0,
        opened: row.get::<_, Count>(10)?.0,
        reopened: row.get::<_, Count>(11)?.0,
        still_open: row.get::<_, Count>(12)?.0,
        resolved: row.get::<_, Count>(13)?.0,
        states: row.get::<_, Json<_>>(14)?.0,
    })
}
