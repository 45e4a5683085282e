//! The ERP's stock: versioned `erp_stock`, natural key
//! (system, item_number, location_code). An ERP that only has a total per item
//! (`LocationStock::location_code` `None`) stores it under location `''`, so an
//! empty location code and a total are the same row and read back as `None`.
//!
//! As hot as `source_items` (an item per location for 500k items), and built the
//! same way: no secondary index, current versions loaded with one scan.

use std::path::Path;

use model::System;
use model::erp::LocationStock;
use rusqlite::{CachedStatement, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::runs::{self, RunId};
use crate::text::{self, Dec, OptTime};
use crate::versioning::{self, VISIBLE_AT};
use crate::writer::{Table, Writer, public_writer};
use crate::{Store, hash};

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-11-23-0007-erp-stock",
    sql: "
CREATE TABLE erp_stock (
    id             INTEGER PRIMARY KEY,
    system         TEXT NOT NULL,
    item_number    TEXT NOT NULL,
    -- '' for an item's total (the ERP reports no locations)
    location_code  TEXT NOT NULL,
    quantity       TEXT NOT NULL,
    last_modified  TEXT,
    content_hash   INTEGER NOT NULL,
    valid_from_run INTEGER NOT NULL REFERENCES runs(id),
    valid_to_run   INTEGER REFERENCES runs(id)
) STRICT;
",
}];

const INSERT: &str = "INSERT INTO erp_stock
    (system, item_number, location_code, quantity, last_modified, content_hash, valid_from_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const REWRITE: &str = "UPDATE erp_stock SET quantity = ?2, last_modified = ?3, content_hash = ?4
    WHERE id = ?1";

/// A writer's scope: the system read.
#[derive(Debug)]
pub(crate) struct ErpStock {
    system: System,
}

pub(crate) struct Statements<'c> {
    insert: CachedStatement<'c>,
    rewrite: CachedStatement<'c>,
    quantity: String,
}

impl Table for ErpStock {
    type Row = LocationStock;
    type Statements<'c> = Statements<'c>;

    const TABLE: &'static str = "erp_stock";
    const CHILDREN: &'static [(&'static str, &'static str)] = &[];
    const CURRENT: &'static str = "SELECT id, content_hash, valid_from_run, item_number,
        location_code FROM erp_stock WHERE system = ?1 AND valid_to_run IS NULL";

    fn load_key(row: &rusqlite::Row<'_>, key: &mut Vec<u8>) -> rusqlite::Result<()> {
        let item = row.get_ref(3)?.as_str()?;
        let location = row.get_ref(4)?.as_str()?;
        versioning::push_key(key, &[item, location]);
        Ok(())
    }

    fn key(s: &LocationStock, key: &mut Vec<u8>) {
        versioning::push_key(key, &[&s.item_number, text::location(&s.location_code)]);
    }

    fn hash(s: &LocationStock) -> i64 {
        hash::location_stock(s)
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
        st: &mut Statements<'_>,
        path: &Path,
        run: i64,
        s: &LocationStock,
        hash: i64,
    ) -> Result<i64> {
        let quantity = text::decimal_into(&mut st.quantity, &s.quantity);
        st.insert
            .insert((
                self.system.as_str(),
                &s.item_number,
                text::location(&s.location_code),
                quantity,
                s.last_modified.as_ref().map(text::time),
                hash,
                run,
            ))
            .at(path)
    }

    fn rewrite(
        &self,
        st: &mut Statements<'_>,
        path: &Path,
        id: i64,
        s: &LocationStock,
        hash: i64,
    ) -> Result<()> {
        let quantity = text::decimal_into(&mut st.quantity, &s.quantity);
        let last_modified = s.last_modified.as_ref().map(text::time);
        st.rewrite
            .execute((id, quantity, last_modified, hash))
            .at(path)?;
        Ok(())
    }
}

public_writer! {
    /// Stores the ERP stock of one system read in one run, change only (see
    /// the [crate docs](crate#versioned-rows)).
    ErpStockWriter(ErpStock) of LocationStock
}

impl Store {
    /// A writer for the ERP stock of `system` read in `run` (which must be
    /// running). One writer covers every item and location of the system: a
    /// complete full read closes whatever it did not see.
    pub fn erp_stock_writer(&mut self, run: RunId, system: System) -> Result<ErpStockWriter<'_>> {
        let table = ErpStock { system };
        Writer::open(&mut self.conn, &self.path, run, table, [system.as_str()]).map(ErpStockWriter)
    }

    /// The ERP stock of `system` as it was in the snapshot of `run`, ordered by
    /// (item_number, location_code), an item's total (`None`) first.
    pub fn erp_stock_at(&self, run: RunId, system: System) -> Result<Vec<LocationStock>> {
        let path = self.path.as_path();
        runs::require_exists(&self.conn, path, run)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT item_number, location_code, quantity, last_modified FROM erp_stock
                 WHERE system = ?2 AND {VISIBLE_AT}"
            ))
            .at(path)?;
        let mut stock = stmt
            .query_map((run.0, system.as_str()), |row| {
                let location: String = row.get(1)?;
                Ok(LocationStock {
                    item_number: row.get(0)?,
                    location_code: Some(location).filter(|l| !l.is_empty()),
                    quantity: row.get::<_, Dec>(2)?.0,
                    last_modified: row.get::<_, OptTime>(3)?.0,
                })
            })
            .at(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(path)?;
        // Sorting here is cheaper than an ORDER BY without an index.
        stock.sort_unstable_by(|a, b| {
            (&a.item_number, &a.location_code).cmp(&(&b.item_number, &b.location_code))
        });
        Ok(stock)
    }

    /// Every stored quantity of `item_number` at `location_code` in `system`'s snapshots,
    /// oldest first.
    pub fn erp_stock_history(
        &self,
        system: System,
        location_code: &str,
        item_number: &str,
    ) -> Result<Vec<versioning::QuantityVersion>> {
        versioning::quantity_history(
            &self.conn,
            &self.path,
            ErpStock::TABLE,
            "location_code = ?2 AND item_number = ?3",
            system,
            (location_code, item_number),
        )
    }

    pub fn count_erp_stock_at(&self, run: RunId, system: System) -> Result<u64> {
        runs::require_exists(&self.conn, &self.path, run)?;
        versioning::count_at(&self.conn, &self.path, ErpStock::TABLE, run, system)
    }
}
