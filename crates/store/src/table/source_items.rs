//! Stock per source: versioned `source_items`, natural key
//! (system, source_code, sku). The hottest table (500k SKUs x 20 sources), so
//! it carries no secondary index: writers load current versions with one scan,
//! snapshot reads scan anyway, and every index would be paid on each insert.

use std::fmt;
use std::path::Path;

use model::{SourceItem, System};
use rusqlite::{Connection, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::runs::{self, RunId};
use crate::text::{self, Dec};
use crate::versioning::{self, BatchOutcome, FinishMode, Plan, VISIBLE_AT, Versions};
use crate::{Store, hash};

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-11-23-0003-source-items",
    sql: "
CREATE TABLE source_items (
    id             INTEGER PRIMARY KEY,
    system         TEXT NOT NULL,
    source_code    TEXT NOT NULL,
    sku            TEXT NOT NULL,
    quantity       TEXT NOT NULL,
    in_stock       INTEGER NOT NULL,
    content_hash   INTEGER NOT NULL,
    valid_from_run INTEGER NOT NULL REFERENCES runs(id),
    valid_to_run   INTEGER REFERENCES runs(id)
) STRICT;
",
}];

const TABLE: &str = "source_items";

const INSERT: &str = "INSERT INTO source_items
    (system, source_code, sku, quantity, in_stock, content_hash, valid_from_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const REWRITE: &str =
    "UPDATE source_items SET quantity = ?2, in_stock = ?3, content_hash = ?4 WHERE id = ?1";

fn key_into(buf: &mut Vec<u8>, item: &SourceItem) {
    versioning::pair_key(buf, &item.source_code, &item.sku);
}

/// Stores the source items of one system read in one run, change only (see the
/// [crate docs](crate#versioned-rows)).
pub struct SourceItemsWriter<'a> {
    conn: &'a mut Connection,
    path: &'a Path,
    system: System,
    versions: Versions,
}

impl fmt::Debug for SourceItemsWriter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceItemsWriter")
            .field("run", &self.versions.run())
            .field("system", &self.system)
            .field("current_versions", &self.versions.len())
            .finish()
    }
}

impl Store {
    /// A writer for the source items of `system` read in `run` (which must be running).
    pub fn source_items_writer(
        &mut self,
        run: RunId,
        system: System,
    ) -> Result<SourceItemsWriter<'_>> {
        let path = self.path.as_path();
        runs::require_running(&self.conn, path, run)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, source_code, sku, content_hash, valid_from_run FROM source_items
                 WHERE system = ?1 AND valid_to_run IS NULL",
            )
            .at(path)?;
        let mut rows = stmt.query([system.as_str()]).at(path)?;
        let mut versions = Versions::new(run);
        let mut key = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            let source = row.get_ref(1).and_then(|v| Ok(v.as_str()?)).at(path)?;
            let sku = row.get_ref(2).and_then(|v| Ok(v.as_str()?)).at(path)?;
            versioning::pair_key(&mut key, source, sku);
            let (id, hash, from) = (row.get(0), row.get(3), row.get(4));
            versions.load(&key, id.at(path)?, hash.at(path)?, from.at(path)?);
        }
        drop(rows);
        drop(stmt);
        Ok(SourceItemsWriter {
            conn: &mut self.conn,
            path,
            system,
            versions,
        })
    }

    /// The source items of `system` as they were in the snapshot of `run`,
    /// ordered by (source_code, sku).
    pub fn source_items_at(&self, run: RunId, system: System) -> Result<Vec<SourceItem>> {
        let path = self.path.as_path();
        runs::require_exists(&self.conn, path, run)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT source_code, sku, quantity, in_stock FROM source_items
                 WHERE system = ?2 AND {VISIBLE_AT}"
            ))
            .at(path)?;
        let mut items = stmt
            .query_map((run.0, system.as_str()), |row| {
                Ok(SourceItem {
                    source_code: row.get(0)?,
                    sku: row.get(1)?,
                    quantity: row.get::<_, Dec>(2)?.0,
                    in_stock: row.get(3)?,
                })
            })
            .at(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(path)?;
        // Sorting here is cheaper than an ORDER BY without an index.
        items.sort_unstable_by(|a, b| (&a.source_code, &a.sku).cmp(&(&b.source_code, &b.sku)));
        Ok(items)
    }

    pub fn count_source_items_at(&self, run: RunId, system: System) -> Result<u64> {
        runs::require_exists(&self.conn, &self.path, run)?;
        versioning::count_at(&self.conn, &self.path, TABLE, run, system)
    }
}

impl SourceItemsWriter<'_> {
    /// Stores one batch in one transaction, writing only new and changed rows.
    /// On error nothing of the batch is stored and it may be retried.
    pub fn write(&mut self, items: &[SourceItem]) -> Result<BatchOutcome> {
        let path = self.path;
        let system = self.system.as_str();
        let run = self.versions.run().0;
        versioning::write_batch(self.conn, path, &mut self.versions, |tx, versions| {
            let mut insert = tx.prepare_cached(INSERT).at(path)?;
            let mut close = tx.prepare_cached(&versioning::close_sql(TABLE)).at(path)?;
            let mut rewrite = tx.prepare_cached(REWRITE).at(path)?;
            let mut stored = 0;
            let mut key = Vec::with_capacity(64);
            let mut quantity = String::with_capacity(32);
            for item in items {
                key_into(&mut key, item);
                let hash = hash::source_item(item);
                let (plan, at) = versions.plan(&key, hash);
                if plan == Plan::Keep {
                    continue;
                }
                let quantity = text::decimal_into(&mut quantity, &item.quantity);
                let id = match plan {
                    Plan::Keep => continue,
                    Plan::Rewrite { id } => {
                        rewrite
                            .execute((id, quantity, item.in_stock, hash))
                            .at(path)?;
                        id
                    }
                    Plan::Insert | Plan::Replace { .. } => {
                        if let Plan::Replace { old } = plan {
                            close.execute((run, old)).at(path)?;
                        }
                        insert
                            .insert((
                                system,
                                &item.source_code,
                                &item.sku,
                                quantity,
                                item.in_stock,
                                hash,
                                run,
                            ))
                            .at(path)?
                    }
                };
                versions.stored(at, &key, id, hash);
                stored += 1;
            }
            Ok(stored)
        })
    }

    /// Ends the writer; after a complete full read, closes the versions of keys
    /// not seen (deleted at the source). Returns how many were closed. Dropping
    /// a writer without `finish` is the same as [`FinishMode::Incomplete`].
    pub fn finish(self, mode: FinishMode) -> Result<u64> {
        versioning::finish(self.conn, self.path, TABLE, &self.versions, mode)
    }
}

pub(crate) fn stored_versions(conn: &Connection, path: &Path) -> Result<u64> {
    versioning::count_rows(conn, path, TABLE)
}

pub(crate) fn roll_back(tx: &Transaction<'_>, path: &Path, run: RunId) -> Result<u64> {
    versioning::roll_back(tx, path, TABLE, &[], run)
}
