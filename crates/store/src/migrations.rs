//! The schema migration runner.
//!
//! Each table module owns its migrations (`table::*::MIGRATIONS`), keyed by a
//! timestamp string such as `"2026-11-23-0002-orders"`. Keys sort in the order
//! they must run; a migration, once released, is never edited or removed, and
//! there are no down migrations: the schema only moves forward. Applied keys are
//! recorded in `schema_migrations`, so opening a database twice applies nothing
//! the second time. All pending migrations run in one transaction: a failure
//! leaves the database as it was.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

use crate::error::{At, Error, Result};

/// One forward-only schema step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    /// `YYYY-MM-DD-NNNN-table`: sorts in the order migrations run.
    pub version: &'static str,
    pub sql: &'static str,
}

const TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    TEXT PRIMARY KEY NOT NULL,
    applied_at TEXT NOT NULL
) STRICT";

/// Every migration the store knows, in the order they run.
pub(crate) fn all() -> Vec<Migration> {
    let mut all: Vec<Migration> = crate::table::MIGRATIONS
        .iter()
        .flat_map(|per_table| per_table.iter().copied())
        .collect();
    all.sort_by_key(|m| m.version);
    all
}

/// Applies the migrations not yet recorded; returns how many ran.
pub(crate) fn run(conn: &mut Connection, path: &Path, now: DateTime<Utc>) -> Result<usize> {
    let migrations = all();
    // Immediate: two processes opening a fresh file at once must not both migrate.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    tx.execute_batch(TABLE).at(path)?;
    let applied: HashSet<String> = {
        let mut stmt = tx
            .prepare("SELECT version FROM schema_migrations")
            .at(path)?;
        stmt.query_map([], |row| row.get(0))
            .at(path)?
            .collect::<rusqlite::Result<_>>()
            .at(path)?
    };
    // A step this build does not know was written by a newer Driftwatch; running
    // on would misread its tables.
    let known: HashSet<&str> = migrations.iter().map(|m| m.version).collect();
    if let Some(unknown) = applied.iter().filter(|v| !known.contains(v.as_str())).max() {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            version: unknown.clone(),
        });
    }
    let applied_at = crate::text::time(&now);
    let mut count = 0;
    for m in migrations.iter().filter(|m| !applied.contains(m.version)) {
        let step = |source| Error::Migration {
            path: path.to_path_buf(),
            version: m.version.to_owned(),
            source,
        };
        tx.execute_batch(m.sql).map_err(step)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
            (m.version, &applied_at),
        )
        .map_err(step)?;
        tracing::debug!(version = m.version, "applied schema migration");
        count += 1;
    }
    tx.commit().at(path)?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_unique_and_well_formed() {
        let all = all();
        let unique: HashSet<_> = all.iter().map(|m| m.version).collect();
        assert_eq!(unique.len(), all.len(), "two migrations share a version");
        for m in &all {
            let b = m.version.as_bytes();
            assert!(
                b.len() > 16
                    && b[..15].iter().enumerate().all(|(i, c)| match i {
                        4 | 7 | 10 => *c == b'-',
                        _ => c.is_ascii_digit(),
                    })
                    && b[15] == b'-',
                "migration version `{}` is not YYYY-MM-DD-NNNN-name",
                m.version
            );
        }
    }
}
