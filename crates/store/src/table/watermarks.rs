//! Watermarks for incremental reads: the highest `updated_at` (or the source's
//! equivalent, as opaque text) read completely for one (system, entity) from one
//! scope (a connection's shop and store view, or company): a watermark of one
//! company never starts an incremental read of another.
//!
//! Kept per run rather than overwritten, so rolling back an interrupted run
//! also rolls back the watermark it set: the next incremental read then starts
//! from the last watermark whose rows are actually stored.

use std::path::Path;

use chrono::{DateTime, Utc};
use model::{Entity, System};
use rusqlite::{OptionalExtension, Transaction};

use crate::Store;
use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::runs::{self, RunId};

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: "2026-11-23-0005-watermarks",
        sql: "
CREATE TABLE watermarks (
    system TEXT NOT NULL,
    entity TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    value  TEXT NOT NULL,
    PRIMARY KEY (system, entity, run_id)
) STRICT, WITHOUT ROWID;
",
    },
    // Older watermarks get the empty scope, which no connection has: the first read
    // after the upgrade is a full one (always correct, only slower).
    Migration {
        version: "2026-12-07-0002-watermark-scope",
        sql: "ALTER TABLE watermarks ADD COLUMN scope TEXT NOT NULL DEFAULT '';",
    },
    // When the part that set the watermark read everything (a full read), when it started.
    Migration {
        version: "2026-12-08-0009-watermark-full-read",
        sql: "ALTER TABLE watermarks ADD COLUMN full_read_at TEXT;",
    },
];

impl Store {
    /// The watermark of the latest run that set one, if any.
    pub fn watermark(&self, system: System, entity: Entity, scope: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT value FROM watermarks WHERE system = ?1 AND entity = ?2 AND scope = ?3
                 ORDER BY run_id DESC LIMIT 1",
                (system.as_str(), entity.as_str(), scope),
                |row| row.get(0),
            )
            .optional()
            .at(&self.path)
    }

    /// When the latest complete full read of (system, entity, scope) that set a watermark
    /// started, if one did.
    pub fn last_full_read(
        &self,
        system: System,
        entity: Entity,
        scope: &str,
    ) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT full_read_at FROM watermarks
                 WHERE system = ?1 AND entity = ?2 AND scope = ?3 AND full_read_at IS NOT NULL
                 ORDER BY run_id DESC LIMIT 1",
                (system.as_str(), entity.as_str(), scope),
                |row| row.get(0),
            )
            .optional()
            .at(&self.path)?;
        Ok(at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok().map(|t| t.to_utc())))
    }

    /// Records the watermark reached by `run` (which must be running), and, for a full read,
    /// when it started. Call it only once the part is complete: a watermark promises every
    /// row up to it is stored.
    pub fn set_watermark(
        &mut self,
        system: System,
        entity: Entity,
        scope: &str,
        value: &str,
        run: RunId,
        full_read_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let path = self.path.as_path();
        runs::require_running(&self.conn, path, run)?;
        let full_read_at = full_read_at.map(|t| t.to_rfc3339());
        self.conn
            .execute(
                "INSERT OR REPLACE INTO watermarks
                     (system, entity, run_id, value, scope, full_read_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (
                    system.as_str(),
                    entity.as_str(),
                    run.0,
                    value,
                    scope,
                    full_read_at,
                ),
            )
            .at(path)?;
        Ok(())
    }
}

pub(crate) fn roll_back(tx: &Transaction<'_>, path: &Path, run: RunId) -> Result<u64> {
    let n = tx
        .execute("DELETE FROM watermarks WHERE run_id = ?1", [run.0])
        .at(path)?;
    Ok(n as u64)
}
