//! The last Test connection result of each connection, so `driftwatch connections`
//! and the app's Connections screen can say when a connection last worked (or how it
//! failed) without signing in again. Only the newest result per connection is kept.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use crate::Store;
use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::text::Time;

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-12-07-0003-connection-tests",
    sql: "
CREATE TABLE connection_tests (
    connection TEXT PRIMARY KEY NOT NULL,
    tested_at  TEXT NOT NULL,
    passed     INTEGER NOT NULL,
    -- What the test found or what stopped it (model::connection::TestReport as JSON).
    report     TEXT NOT NULL
) STRICT;
",
}];

/// One connection's last test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionTestRecord {
    pub connection: String,
    pub tested_at: DateTime<Utc>,
    pub passed: bool,
    /// The report as JSON, as it was recorded.
    pub report: String,
}

impl Store {
    /// Keeps `record` as the connection's last test, replacing the one before.
    pub fn record_connection_test(&mut self, record: &ConnectionTestRecord) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO connection_tests (connection, tested_at, passed, report)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (connection) DO UPDATE SET
                    tested_at = excluded.tested_at, passed = excluded.passed,
                    report = excluded.report",
                (
                    &record.connection,
                    crate::text::time(&record.tested_at),
                    record.passed,
                    &record.report,
                ),
            )
            .at(&self.path)?;
        Ok(())
    }

    /// The last test of `connection`, if it was ever tested.
    pub fn last_connection_test(&self, connection: &str) -> Result<Option<ConnectionTestRecord>> {
        self.conn
            .query_row(
                "SELECT tested_at, passed, report FROM connection_tests WHERE connection = ?1",
                [connection],
                |row| {
                    Ok(ConnectionTestRecord {
                        connection: connection.to_owned(),
                        tested_at: row.get::<_, Time>(0)?.0,
                        passed: row.get(1)?,
                        report: row.get(2)?,
                    })
                },
            )
            .optional()
            .at(&self.path)
    }
}
