//! Snapshot runs and their parts (one entity read from one system).
//!
//! A run is `running` from [`Store::begin_run`] until [`Store::finish_run`].
//! At most one run is `running` at a time; the versioned tables rely on it
//! (only run R writes `valid_from_run = R`), and recovery rolls back whatever
//! run is still `running` when the store opens. Runs are never deleted, so ids
//! (AUTOINCREMENT) only grow. A rolled-back run keeps its row and parts as a
//! record of what happened, flagged `rolled_back` so no snapshot is taken from it.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use model::{Entity, PartStatus, RunStatus, System};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::{At, Error, Result};
use crate::migrations::Migration;
use crate::text::{self, Count, OptTime, Parsed, Time};

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: "2026-11-23-0001-runs",
        sql: "
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL,
    full        INTEGER NOT NULL,
    -- comma-separated entity names, in the order asked for
    entities    TEXT NOT NULL,
    error       TEXT,
    rolled_back INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE run_parts (
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    entity      TEXT NOT NULL,
    system      TEXT NOT NULL,
    status      TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    rows_stored INTEGER NOT NULL,
    pages       INTEGER NOT NULL,
    retries     INTEGER NOT NULL,
    -- JSON arrays of strings
    errors      TEXT NOT NULL,
    warnings    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    PRIMARY KEY (run_id, entity, system)
) STRICT;
",
    },
    Migration {
        version: "2026-11-23-0012-run-part-currency",
        sql: "ALTER TABLE run_parts ADD COLUMN currency TEXT;",
    },
    // Which connection (and which shop, store view or company of it) a part was read
    // from. Parts from before have neither: they came from the one Magento and the one
    // ERP the database was used with, and are taken to match the configured ones.
    Migration {
        version: "2026-12-07-0001-run-part-origin",
        sql: "
ALTER TABLE run_parts ADD COLUMN connection TEXT;
ALTER TABLE run_parts ADD COLUMN scope TEXT;
",
    },
    // The store views' time zones a Magento orders part was read with (JSON: id -> name).
    Migration {
        version: "2026-12-08-0010-run-part-time-zones",
        sql: "ALTER TABLE run_parts ADD COLUMN time_zones TEXT;",
    },
];

/// The id of a snapshot run. Ids only grow: a later run has a larger id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunId(pub i64);

impl std::fmt::Display for RunId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How one entity read from one system went within a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartRecord {
    pub entity: Entity,
    pub system: System,
    pub status: PartStatus,
    pub rows_read: u64,
    pub rows_stored: u64,
    pub pages: u64,
    pub retries: u64,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// The currency of the amounts read, where the system names one for the whole part
    /// (Magento's prices: the store's base currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The connection read (`None` for parts stored before connections were recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    /// Which shop and store view, or which company, of that connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Magento's orders: each store view's time zone (by store id) when they were read,
    /// which decides the day an order counts on.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub time_zones: BTreeMap<u32, String>,
}

/// A run as the history screen and `driftwatch snapshot --json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    pub id: RunId,
    pub started_at: DateTime<Utc>,
    /// `None` while running.
    pub finished_at: Option<DateTime<Utc>>,
    pub status: RunStatus,
    pub full: bool,
    pub entities: Vec<Entity>,
    /// Set when the run as a whole failed, e.g. interrupted; part errors are in `parts`.
    pub error: Option<String>,
    pub parts: Vec<PartRecord>,
}

/// The error recorded on a run found `running` when the store opens.
pub const INTERRUPTED: &str = "interrupted: Driftwatch stopped before this snapshot finished";

impl Store {
    /// Starts a run; fails if another run is still `running` in this database.
    pub fn begin_run(
        &mut self,
        entities: &[Entity],
        full: bool,
        now: DateTime<Utc>,
    ) -> Result<RunId> {
        let path = &self.path;
        if let Some(run) = running(&self.conn, path)?.first() {
            return Err(Error::RunInProgress {
                path: path.clone(),
                run: *run,
            });
        }
        let entities = entities
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(",");
        self.conn
            .execute(
                "INSERT INTO runs (started_at, status, full, entities) VALUES (?1, ?2, ?3, ?4)",
                (
                    text::time(&now),
                    RunStatus::Running.as_str(),
                    full,
                    entities,
                ),
            )
            .at(path)?;
        Ok(RunId(self.conn.last_insert_rowid()))
    }

    /// Records (or replaces) how one part of a running run ended.
    pub fn record_part(&mut self, run: RunId, part: &PartRecord) -> Result<()> {
        let path = &self.path;
        require_running(&self.conn, path, run)?;
        let json = |list: &Vec<String>| {
            serde_json::to_string(list).map_err(|e| Error::Internal(e.to_string()))
        };
        let time_zones = match part.time_zones.is_empty() {
            true => None,
            false => Some(
                serde_json::to_string(&part.time_zones)
                    .map_err(|e| Error::Internal(e.to_string()))?,
            ),
        };
        self.conn
            .execute(
                "INSERT OR REPLACE INTO run_parts (run_id, entity, system, status, rows_read,
                     rows_stored, pages, retries, errors, warnings, started_at, finished_at,
                     currency, connection, scope, time_zones)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                rusqlite::params![
                    run.0,
                    part.entity.as_str(),
                    part.system.as_str(),
                    part.status.as_str(),
                    text::int("rows read", part.rows_read)?,
                    text::int("rows stored", part.rows_stored)?,
                    text::int("pages", part.pages)?,
                    text::int("retries", part.retries)?,
                    json(&part.errors)?,
                    json(&part.warnings)?,
                    text::time(&part.started_at),
                    text::time(&part.finished_at),
                    part.currency,
                    part.connection,
                    part.scope,
                    time_zones,
                ],
            )
            .at(path)?;
        Ok(())
    }

    /// Ends a running run with `status` (not `Running`).
    pub fn finish_run(&mut self, run: RunId, status: RunStatus, now: DateTime<Utc>) -> Result<()> {
        if status == RunStatus::Running {
            return Err(Error::Internal(format!(
                "run {run} cannot be finished with status running"
            )));
        }
        let path = &self.path;
        require_running(&self.conn, path, run)?;
        self.conn
            .execute(
                "UPDATE runs SET status = ?2, finished_at = ?3 WHERE id = ?1",
                (run.0, status.as_str(), text::time(&now)),
            )
            .at(path)?;
        Ok(())
    }

    pub fn run(&self, id: RunId) -> Result<Option<RunSummary>> {
        let path = &self.path;
        let summary = self
            .conn
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = ?1"),
                [id.0],
                run_row,
            )
            .optional()
            .at(path)?;
        summary.map(|s| with_parts(&self.conn, path, s)).transpose()
    }

    /// The latest `limit` runs, newest first.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunSummary>> {
        let path = &self.path;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?1"
            ))
            .at(path)?;
        let runs = stmt
            .query_map([limit], run_row)
            .at(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(path)?;
        runs.into_iter()
            .map(|s| with_parts(&self.conn, path, s))
            .collect()
    }

    /// The latest ended, not rolled-back run whose part for (`entity`, `system`)
    /// was read from `scope` and ended in one of `statuses`: the snapshot to
    /// reconcile. Parts from another shop or company are passed over; parts stored
    /// before scopes were recorded count as this scope's.
    pub fn latest_run_with(
        &self,
        entity: Entity,
        system: System,
        scope: &str,
        statuses: &[PartStatus],
    ) -> Result<Option<RunId>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.run_id, p.status FROM run_parts p JOIN runs r ON r.id = p.run_id
                 WHERE p.entity = ?1 AND p.system = ?2
                   AND (p.scope = ?3 OR p.scope IS NULL)
                   AND r.status != 'running' AND r.rolled_back = 0
                 ORDER BY p.run_id DESC",
            )
            .at(path)?;
        let mut rows = stmt
            .query((entity.as_str(), system.as_str(), scope))
            .at(path)?;
        while let Some(row) = rows.next().at(path)? {
            let status: Parsed<PartStatus> = row.get(1).at(path)?;
            if statuses.contains(&status.0) {
                return Ok(Some(RunId(row.get(0).at(path)?)));
            }
        }
        Ok(None)
    }
}

const RUN_COLUMNS: &str = "id, started_at, finished_at, status, full, entities, error";

fn run_row(row: &Row<'_>) -> rusqlite::Result<RunSummary> {
    Ok(RunSummary {
        id: RunId(row.get(0)?),
        started_at: row.get::<_, Time>(1)?.0,
        finished_at: row.get::<_, OptTime>(2)?.0,
        status: row.get::<_, Parsed<RunStatus>>(3)?.0,
        full: row.get(4)?,
        entities: row.get::<_, EntityList>(5)?.0,
        error: row.get(6)?,
        parts: Vec::new(),
    })
}

fn with_parts(conn: &Connection, path: &Path, mut run: RunSummary) -> Result<RunSummary> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT entity, system, status, rows_read, rows_stored, pages, retries,
                    errors, warnings, started_at, finished_at, currency, connection, scope,
                    time_zones
             FROM run_parts WHERE run_id = ?1 ORDER BY started_at, entity, system",
        )
        .at(path)?;
    run.parts = stmt
        .query_map([run.id.0], |row| {
            Ok(PartRecord {
                entity: row.get::<_, Parsed<Entity>>(0)?.0,
                system: row.get::<_, Parsed<System>>(1)?.0,
                status: row.get::<_, Parsed<PartStatus>>(2)?.0,
                rows_read: row.get::<_, Count>(3)?.0,
                rows_stored: row.get::<_, Count>(4)?.0,
                pages: row.get::<_, Count>(5)?.0,
                retries: row.get::<_, Count>(6)?.0,
                errors: row.get::<_, StringList>(7)?.0,
                warnings: row.get::<_, StringList>(8)?.0,
                started_at: row.get::<_, Time>(9)?.0,
                finished_at: row.get::<_, Time>(10)?.0,
                currency: row.get(11)?,
                connection: row.get(12)?,
                scope: row.get(13)?,
                time_zones: row
                    .get::<_, Option<String>>(14)?
                    .and_then(|t| serde_json::from_str(&t).ok())
                    .unwrap_or_default(),
            })
        })
        .at(path)?
        .collect::<rusqlite::Result<_>>()
        .at(path)?;
    Ok(run)
}

/// Runs still marked `running`, oldest first.
pub(crate) fn running(conn: &Connection, path: &Path) -> Result<Vec<RunId>> {
    let mut stmt = conn
        .prepare_cached("SELECT id FROM runs WHERE status = 'running' ORDER BY id")
        .at(path)?;
    stmt.query_map([], |row| row.get(0).map(RunId))
        .at(path)?
        .collect::<rusqlite::Result<_>>()
        .at(path)
}

/// Fails unless `run` exists and is still running: only a running run may write.
pub(crate) fn require_running(conn: &Connection, path: &Path, run: RunId) -> Result<()> {
    let status: Option<Parsed<RunStatus>> = conn
        .query_row("SELECT status FROM runs WHERE id = ?1", [run.0], |row| {
            row.get(0)
        })
        .optional()
        .at(path)?;
    match status {
        None => Err(Error::UnknownRun {
            path: path.to_path_buf(),
            run,
        }),
        Some(Parsed(RunStatus::Running)) => Ok(()),
        Some(Parsed(status)) => Err(Error::RunNotRunning { run, status }),
    }
}

/// Fails unless `run` exists (any status): reading a snapshot of a run that
/// never happened is a mistake, not an empty snapshot.
pub(crate) fn require_exists(conn: &Connection, path: &Path, run: RunId) -> Result<()> {
    let exists = conn
        .query_row("SELECT 1 FROM runs WHERE id = ?1", [run.0], |_| Ok(()))
        .optional()
        .at(path)?;
    exists.ok_or_else(|| Error::UnknownRun {
        path: path.to_path_buf(),
        run,
    })
}

/// Marks an interrupted run failed and rolled back. The caller rolls back its rows
/// in the same transaction.
pub(crate) fn mark_interrupted(
    tx: &Transaction<'_>,
    path: &Path,
    run: RunId,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE runs SET status = ?2, finished_at = ?3, error = ?4, rolled_back = 1
         WHERE id = ?1",
        (
            run.0,
            RunStatus::Failed.as_str(),
            text::time(&now),
            INTERRUPTED,
        ),
    )
    .at(path)?;
    Ok(())
}

struct EntityList(Vec<Entity>);

impl FromSql for EntityList {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        if text.is_empty() {
            return Ok(EntityList(Vec::new()));
        }
        text.split(',')
            .map(|e| e.parse().map_err(|e: String| FromSqlError::Other(e.into())))
            .collect::<FromSqlResult<_>>()
            .map(EntityList)
    }
}

struct StringList(Vec<String>);

impl FromSql for StringList {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?)
            .map(StringList)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}
