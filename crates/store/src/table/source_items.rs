//! Stock per source: versioned `source_items`, natural key
//! (system, source_code, sku). The hottest table (500k SKUs x 20 sources), so
//! it carries no secondary index: writers load current versions with one scan,
//! snapshot reads scan anyway, and every index would be paid on each insert.

use std::path::Path;

use model::{SourceItem, System};
use rusqlite::{CachedStatement, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::runs::{self, RunId};
use crate::text::{self, Dec};
use crate::versioning::{self, VISIBLE_AT};
use crate::writer::{Table, Writer, public_writer};
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

const INSERT: &str = "INSERT INTO source_items
    (system, source_code, sku, quantity, in_stock, content_hash, valid_from_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const REWRITE: &str =
    "UPDATE source_items SET quantity = ?2, in_stock = ?3, content_hash = ?4 WHERE id = ?1";

/// A writer's scope: the system read.
#[derive(Debug)]
pub(crate) struct SourceItems {
    system: System,
}

pub(crate) struct Statements<'c> {
    insert: CachedStatement<'c>,
    rewrite: CachedStatement<'c>,
    quantity: String,
}

impl Table for SourceItems {
    type Row = SourceItem;
    type Statements<'c> = Statements<'c>;

    const TABLE: &'static str = "source_items";
    const CHILDREN: &'static [(&'static str, &'static str)] = &[];
    const CURRENT: &'static str = "SELECT id, content_hash, valid_from_run, source_code, sku
        FROM source_items WHERE system = ?1 AND valid_to_run IS NULL";

    fn load_key(row: &rusqlite::Row<'_>, key: &mut Vec<u8>) -> rusqlite::Result<()> {
        let source = row.get_ref(3)?.as_str()?;
        let sku = row.get_ref(4)?.as_str()?;
        versioning::push_key(key, &[source, sku]);
        Ok(())
    }

    fn key(item: &SourceItem, key: &mut Vec<u8>) {
        versioning::push_key(key, &[&item.source_code, &item.sku]);
    }

    fn hash(item: &SourceItem) -> i64 {
        hash::source_item(item)
    }

    fn prepare<'c>(tx: &'c Transaction<'_>) -> rusqlite::Result<Statements<'c>> {
        Ok(Statements {
            insert: tx.prepare_cached(INSERT)?,
            rewrite: tx.prepare_cached(REWRITE)?,
            quantity: String::with_capacity(32),
        })
    }

    fn insert(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        run: i64,
        item: &SourceItem,
        hash: i64,
    ) -> Result<i64> {
        let quantity = text::decimal_into(&mut s.quantity, &item.quantity);
        s.insert
            .insert((
                self.system.as_str(),
                &item.source_code,
                &item.sku,
                quantity,
                item.in_stock,
                hash,
                run,
            ))
            .at(path)
    }

    fn rewrite(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        id: i64,
        item: &SourceItem,
        hash: i64,
    ) -> Result<()> {
        let quantity = text::decimal_into(&mut s.quantity, &item.quantity);
        s.rewrite
            .execute((id, quantity, item.in_stock, hash))
            .at(path)?;
        Ok(())
    }
}

public_writer! {
    /// Stores the source items of one system read in one run, change only (see
    /// the [crate docs](crate#versioned-rows)).
    SourceItemsWriter(SourceItems) of SourceItem
}

impl Store {
    /// A writer for the source items of `system` read in `run` (which must be running).
    pub fn source_items_writer(
        &mut self,
        run: RunId,
        system: System,
    ) -> Result<SourceItemsWriter<'_>> {
        let table = SourceItems { system };
        Writer::open(&mut self.conn, &self.path, run, table, [system.as_str()])
            .map(SourceItemsWriter)
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

    /// Every stored quantity of `sku` at `source_code` in `system`'s snapshots, oldest first.
    pub fn source_item_history(
        &self,
        system: System,
        source_code: &str,
        sku: &str,
    ) -> Result<Vec<versioning::QuantityVersion>> {
        versioning::quantity_history(
            &self.conn,
            &self.path,
            SourceItems::TABLE,
            "source_code = ?2 AND sku = ?3",
            system,
            (source_code, sku),
        )
    }

    pub fn count_source_items_at(&self, run: RunId, system: System) -> Result<u64> {
        runs::require_exists(&self.conn, &self.path, run)?;
        versioning::count_at(&self.conn, &self.path, SourceItems::TABLE, run, system)
    }
}
