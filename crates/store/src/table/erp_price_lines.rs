//! The ERP's price-list lines: versioned `erp_price_lines`, natural key
//! (system, price_list_code, item_number, currency, minimum quantity,
//! starting_date).
//!
//! The minimum quantity is keyed by value, not by its text: `minimum_quantity_key`
//! holds it normalised (`10.00` -> `10`) while `minimum_quantity` keeps the
//! scale the ERP reported, like every stored decimal; so a line read once as
//! `10.00` and once as `10` is one key whose version changes. An open starting
//! date is keyed as `''`.
//!
//! The same key twice in one read (an ERP can hold lines the model cannot tell
//! apart, e.g. differing only in unit of measure or variant) keeps the last one
//! read, as for every versioned table: the store never holds two current
//! versions of one key.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use model::erp::PriceListLine;
use model::{Decimal, System};
use rusqlite::{CachedStatement, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::runs::{self, RunId};
use crate::text::{self, Dec, KeyDate, OptDate};
use crate::versioning::{self, VISIBLE_AT};
use crate::writer::{Table, Writer, public_writer};
use crate::{Store, hash};

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-11-23-0008-erp-price-lines",
    sql: "
CREATE TABLE erp_price_lines (
    id                   INTEGER PRIMARY KEY,
    system               TEXT NOT NULL,
    price_list_code      TEXT NOT NULL,
    item_number          TEXT NOT NULL,
    -- '' is the ERP's local currency
    currency             TEXT NOT NULL,
    -- the minimum quantity normalised (10.00 -> 10): the key compares values
    minimum_quantity_key TEXT NOT NULL,
    -- YYYY-MM-DD, '' when open
    starting_date        TEXT NOT NULL,
    minimum_quantity     TEXT NOT NULL,
    unit_price           TEXT NOT NULL,
    ending_date          TEXT,
    content_hash         INTEGER NOT NULL,
    valid_from_run       INTEGER NOT NULL REFERENCES runs(id),
    valid_to_run         INTEGER REFERENCES runs(id)
) STRICT;
",
}];

const INSERT: &str = "INSERT INTO erp_price_lines (system, price_list_code, item_number,
    currency, minimum_quantity_key, starting_date, minimum_quantity, unit_price, ending_date,
    content_hash, valid_from_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const REWRITE: &str = "UPDATE erp_price_lines SET minimum_quantity = ?2, unit_price = ?3,
    ending_date = ?4, content_hash = ?5 WHERE id = ?1";

/// The writer's key bytes: the strings length-prefixed, then the minimum
/// quantity normalised as mantissa and scale (equal values, equal bytes) and
/// the starting date as a presence byte and a day number.
fn push_key(
    key: &mut Vec<u8>,
    [list, item, currency]: [&str; 3],
    minimum_quantity: &Decimal,
    starting_date: Option<NaiveDate>,
) {
    versioning::push_part(key, list);
    versioning::push_part(key, item);
    versioning::push_part(key, currency);
    let quantity = minimum_quantity.normalize();
    key.extend_from_slice(&quantity.mantissa().to_le_bytes());
    key.extend_from_slice(&quantity.scale().to_le_bytes());
    match starting_date {
        None => key.push(0),
        Some(date) => {
            key.push(1);
            key.extend_from_slice(&date.num_days_from_ce().to_le_bytes());
        }
    }
}

/// A writer's scope: the system read.
#[derive(Debug)]
pub(crate) struct ErpPriceLines {
    system: System,
}

pub(crate) struct Statements<'c> {
    insert: CachedStatement<'c>,
    rewrite: CachedStatement<'c>,
}

impl Table for ErpPriceLines {
    type Row = PriceListLine;
    type Statements<'c> = Statements<'c>;

    const TABLE: &'static str = "erp_price_lines";
    const CHILDREN: &'static [(&'static str, &'static str)] = &[];
    const CURRENT: &'static str = "SELECT id, content_hash, valid_from_run, price_list_code,
        item_number, currency, minimum_quantity_key, starting_date
        FROM erp_price_lines WHERE system = ?1 AND valid_to_run IS NULL";

    fn load_key(row: &rusqlite::Row<'_>, key: &mut Vec<u8>) -> rusqlite::Result<()> {
        let list = row.get_ref(3)?.as_str()?;
        let item = row.get_ref(4)?.as_str()?;
        let currency = row.get_ref(5)?.as_str()?;
        let quantity = row.get::<_, Dec>(6)?.0;
        let starting = row.get::<_, KeyDate>(7)?.0;
        push_key(key, [list, item, currency], &quantity, starting);
        Ok(())
    }

    fn key(p: &PriceListLine, key: &mut Vec<u8>) {
        let strings = [&*p.price_list_code, &p.item_number, &p.currency];
        push_key(key, strings, &p.minimum_quantity, p.starting_date);
    }

    fn hash(p: &PriceListLine) -> i64 {
        hash::price_list_line(p)
    }

    fn prepare<'c>(tx: &'c Transaction<'_>) -> rusqlite::Result<Statements<'c>> {
        Ok(Statements {
            insert: tx.prepare_cached(INSERT)?,
            rewrite: tx.prepare_cached(REWRITE)?,
        })
    }

    fn insert(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        run: i64,
        p: &PriceListLine,
        hash: i64,
    ) -> Result<i64> {
        s.insert
            .insert(rusqlite::params![
                self.system.as_str(),
                &p.price_list_code,
                &p.item_number,
                &p.currency,
                text::decimal(&p.minimum_quantity.normalize()),
                text::key_date(&p.starting_date),
                text::decimal(&p.minimum_quantity),
                text::decimal(&p.unit_price),
                p.ending_date.as_ref().map(text::date),
                hash,
                run,
            ])
            .at(path)
    }

    fn rewrite(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        id: i64,
        p: &PriceListLine,
        hash: i64,
    ) -> Result<()> {
        s.rewrite
            .execute((
                id,
                text::decimal(&p.minimum_quantity),
                text::decimal(&p.unit_price),
                p.ending_date.as_ref().map(text::date),
                hash,
            ))
            .at(path)?;
        Ok(())
    }
}

public_writer! {
    /// Stores the price-list lines of one system read in one run, change only
    /// (see the [crate docs](crate#versioned-rows)).
    ErpPriceLinesWriter(ErpPriceLines) of PriceListLine
}

impl Store {
    /// A writer for the price-list lines of `system` read in `run` (which must
    /// be running). One writer covers every price list of the system: a
    /// complete full read closes whatever it did not see. Of two lines with the
    /// same natural key, the last one written wins.
    pub fn erp_price_lines_writer(
        &mut self,
        run: RunId,
        system: System,
    ) -> Result<ErpPriceLinesWriter<'_>> {
        let table = ErpPriceLines { system };
        Writer::open(&mut self.conn, &self.path, run, table, [system.as_str()])
            .map(ErpPriceLinesWriter)
    }

    /// The price-list lines of `system` as they were in the snapshot of `run`,
    /// ordered by (price list, item, currency, minimum quantity, starting date),
    /// open starting dates first.
    pub fn erp_price_lines_at(&self, run: RunId, system: System) -> Result<Vec<PriceListLine>> {
        let path = self.path.as_path();
        runs::require_exists(&self.conn, path, run)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT price_list_code, item_number, currency, minimum_quantity, unit_price,
                        starting_date, ending_date
                 FROM erp_price_lines WHERE system = ?2 AND {VISIBLE_AT}"
            ))
            .at(path)?;
        let mut lines = stmt
            .query_map((run.0, system.as_str()), |row| {
                Ok(PriceListLine {
                    price_list_code: row.get(0)?,
                    item_number: row.get(1)?,
                    currency: row.get(2)?,
                    minimum_quantity: row.get::<_, Dec>(3)?.0,
                    unit_price: row.get::<_, Dec>(4)?.0,
                    starting_date: row.get::<_, KeyDate>(5)?.0,
                    ending_date: row.get::<_, OptDate>(6)?.0,
                })
            })
            .at(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(path)?;
        lines.sort_unstable_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        Ok(lines)
    }

    pub fn count_erp_price_lines_at(&self, run: RunId, system: System) -> Result<u64> {
        runs::require_exists(&self.conn, &self.path, run)?;
        versioning::count_at(&self.conn, &self.path, ErpPriceLines::TABLE, run, system)
    }
}

/// The natural key in reading order; decimals compare by value.
fn sort_key(p: &PriceListLine) -> (&str, &str, &str, &Decimal, &Option<NaiveDate>) {
    (
        &p.price_list_code,
        &p.item_number,
        &p.currency,
        &p.minimum_quantity,
        &p.starting_date,
    )
}
