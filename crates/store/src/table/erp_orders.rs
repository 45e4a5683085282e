//! The ERP's orders and posted invoices: versioned `erp_orders` with their
//! `erp_order_lines`, natural key (system, document, erp_id), where `document`
//! is `order` or `invoice`: an order and the invoice posted from it are two
//! documents with ids of their own, and both are kept.
//!
//! As for Magento's orders, lines belong to one version (`order_version`) and
//! keep their original order (`line_no`); a changed document gets a new version
//! with its own copy of the lines, so older snapshots keep theirs.
//!
//! One writer covers both kinds of document of a system, so a complete full
//! read means sales orders *and* posted invoices were read completely: an order
//! posted (and so deleted) since the last run is closed, its invoice inserted.

use std::cmp::Ordering;
use std::path::Path;

use model::System;
use model::erp::{ErpOrder, ErpOrderLine};
use rusqlite::{CachedStatement, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::{
    self,
    runs::{self, RunId},
};
use crate::text::{self, Canonical, Dec, OptDate, Time};
use crate::versioning::{self, VISIBLE_AT};
use crate::writer::{Table, Writer, public_writer};
use crate::{Store, hash};

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-11-23-0006-erp-orders",
    sql: "
CREATE TABLE erp_orders (
    id                  INTEGER PRIMARY KEY,
    system              TEXT NOT NULL,
    -- 'order' (a sales order) or 'invoice' (a posted invoice)
    document            TEXT NOT NULL,
    erp_id              TEXT NOT NULL,
    number              TEXT NOT NULL,
    external_reference  TEXT NOT NULL,
    -- invoices: the order they were posted from, when the ERP says
    order_number        TEXT,
    order_date          TEXT,
    currency            TEXT NOT NULL,
    total_including_tax TEXT NOT NULL,
    status              TEXT NOT NULL,
    canonical_status    TEXT NOT NULL,
    last_modified       TEXT NOT NULL,
    content_hash        INTEGER NOT NULL,
    valid_from_run      INTEGER NOT NULL REFERENCES runs(id),
    valid_to_run        INTEGER REFERENCES runs(id)
) STRICT;

CREATE TABLE erp_order_lines (
    order_version        INTEGER NOT NULL REFERENCES erp_orders(id),
    line_no              INTEGER NOT NULL,
    item_number          TEXT NOT NULL,
    quantity             TEXT NOT NULL,
    unit_price           TEXT NOT NULL,
    amount_including_tax TEXT NOT NULL,
    PRIMARY KEY (order_version, line_no)
) STRICT, WITHOUT ROWID;
",
}];

const INSERT: &str = "INSERT INTO erp_orders (system, document, erp_id, number,
    external_reference, order_number, order_date, currency, total_including_tax, status,
    canonical_status, last_modified, content_hash, valid_from_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
const REWRITE: &str = "UPDATE erp_orders SET number = ?2, external_reference = ?3,
    order_number = ?4, order_date = ?5, currency = ?6, total_including_tax = ?7, status = ?8,
    canonical_status = ?9, last_modified = ?10, content_hash = ?11
    WHERE id = ?1";
const INSERT_LINE: &str = "INSERT INTO erp_order_lines (order_version, line_no, item_number,
    quantity, unit_price, amount_including_tax)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const DELETE_LINES: &str = "DELETE FROM erp_order_lines WHERE order_version = ?1";

/// A writer's scope: the system read.
#[derive(Debug)]
pub(crate) struct ErpOrders {
    system: System,
}

pub(crate) struct Statements<'c> {
    insert: CachedStatement<'c>,
    rewrite: CachedStatement<'c>,
    insert_line: CachedStatement<'c>,
    delete_lines: CachedStatement<'c>,
}

impl Table for ErpOrders {
    type Row = ErpOrder;
    type Statements<'c> = Statements<'c>;

    const TABLE: &'static str = "erp_orders";
    const CHILDREN: &'static [(&'static str, &'static str)] =
        &[("erp_order_lines", "order_version")];
    const CURRENT: &'static str = "SELECT id, content_hash, valid_from_run, document, erp_id
        FROM erp_orders WHERE system = ?1 AND valid_to_run IS NULL";

    fn load_key(row: &rusqlite::Row<'_>, key: &mut Vec<u8>) -> rusqlite::Result<()> {
        let document = row.get_ref(3)?.as_str()?;
        let id = row.get_ref(4)?.as_str()?;
        versioning::push_key(key, &[document, id]);
        Ok(())
    }

    fn key(o: &ErpOrder, key: &mut Vec<u8>) {
        versioning::push_key(key, &[text::document_kind(&o.document), &o.id]);
    }

    fn hash(o: &ErpOrder) -> i64 {
        hash::erp_order(o)
    }

    fn prepare<'c>(tx: &'c Transaction<'_>) -> rusqlite::Result<Statements<'c>> {
        Ok(Statements {
            insert: tx.prepare_cached(INSERT)?,
            rewrite: tx.prepare_cached(REWRITE)?,
            insert_line: tx.prepare_cached(INSERT_LINE)?,
            delete_lines: tx.prepare_cached(DELETE_LINES)?,
        })
    }

    fn insert(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        run: i64,
        o: &ErpOrder,
        hash: i64,
    ) -> Result<i64> {
        let id = s
            .insert
            .insert(rusqlite::params![
                self.system.as_str(),
                text::document_kind(&o.document),
                &o.id,
                &o.number,
                &o.external_reference,
                text::order_number(&o.document),
                o.order_date.as_ref().map(text::date),
                &o.currency,
                text::decimal(&o.total_including_tax),
                &o.status,
                o.canonical_status.as_str(),
                text::time(&o.last_modified),
                hash,
                run,
            ])
            .at(path)?;
        write_lines(&mut s.insert_line, path, id, &o.lines)?;
        Ok(id)
    }

    fn rewrite(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        id: i64,
        o: &ErpOrder,
        hash: i64,
    ) -> Result<()> {
        s.rewrite
            .execute(rusqlite::params![
                id,
                &o.number,
                &o.external_reference,
                text::order_number(&o.document),
                o.order_date.as_ref().map(text::date),
                &o.currency,
                text::decimal(&o.total_including_tax),
                &o.status,
                o.canonical_status.as_str(),
                text::time(&o.last_modified),
                hash,
            ])
            .at(path)?;
        s.delete_lines.execute([id]).at(path)?;
        write_lines(&mut s.insert_line, path, id, &o.lines)
    }
}

public_writer! {
    /// Stores the ERP orders and posted invoices of one system read in one
    /// run, change only (see the [crate docs](crate#versioned-rows)).
    ErpOrdersWriter(ErpOrders) of ErpOrder
}

impl Store {
    /// A writer for the ERP orders and posted invoices of `system` read in
    /// `run` (which must be running). One writer covers both kinds of
    /// document: finish it with [`FinishMode::FullReadComplete`](crate::FinishMode)
    /// only when both were read completely.
    pub fn erp_orders_writer(&mut self, run: RunId, system: System) -> Result<ErpOrdersWriter<'_>> {
        let table = ErpOrders { system };
        Writer::open(&mut self.conn, &self.path, run, table, [system.as_str()]).map(ErpOrdersWriter)
    }

    /// The ERP orders and invoices of `system` as they were in the snapshot of
    /// `run`, ordered by external reference, then number (then orders before
    /// invoices, then id), each with its lines in their original order.
    pub fn erp_orders_at(&self, run: RunId, system: System) -> Result<Vec<ErpOrder>> {
        let path = self.path.as_path();
        runs::require_exists(&self.conn, path, run)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, document, erp_id, number, external_reference, order_number,
                        order_date, currency, total_including_tax, status, canonical_status,
                        last_modified
                 FROM erp_orders WHERE system = ?2 AND {VISIBLE_AT}"
            ))
            .at(path)?;
        let mut versions: Vec<(i64, ErpOrder)> = stmt
            .query_map((run.0, system.as_str()), |row| {
                let kind = row.get_ref(1)?.as_str()?;
                let order = ErpOrder {
                    document: text::document(kind, row.get(5)?)?,
                    id: row.get(2)?,
                    number: row.get(3)?,
                    external_reference: row.get(4)?,
                    order_date: row.get::<_, OptDate>(6)?.0,
                    currency: row.get(7)?,
                    total_including_tax: row.get::<_, Dec>(8)?.0,
                    status: row.get(9)?,
                    canonical_status: row.get::<_, Canonical>(10)?.0,
                    last_modified: row.get::<_, Time>(11)?.0,
                    lines: Vec::new(),
                };
                Ok((row.get(0)?, order))
            })
            .at(path)?
            .collect::<rusqlite::Result<_>>()
            .at(path)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT l.order_version, l.item_number, l.quantity, l.unit_price,
                        l.amount_including_tax
                 FROM erp_order_lines l JOIN erp_orders o ON o.id = l.order_version
                 WHERE o.system = ?2 AND {VISIBLE_AT}
                 ORDER BY l.order_version, l.line_no"
            ))
            .at(path)?;
        let lines = stmt
            .query_map((run.0, system.as_str()), |row| {
                let line = ErpOrderLine {
                    item_number: row.get(1)?,
                    quantity: row.get::<_, Dec>(2)?.0,
                    unit_price: row.get::<_, Dec>(3)?.0,
                    amount_including_tax: row.get::<_, Dec>(4)?.0,
                };
                Ok((row.get(0)?, line))
            })
            .at(path)?;
        table::attach(&mut versions, lines, path, |o, line| o.lines.push(line))?;
        let mut orders: Vec<ErpOrder> = versions.into_iter().map(|(_, o)| o).collect();
        orders.sort_unstable_by(reading_order);
        Ok(orders)
    }

    pub fn count_erp_orders_at(&self, run: RunId, system: System) -> Result<u64> {
        runs::require_exists(&self.conn, &self.path, run)?;
        versioning::count_at(&self.conn, &self.path, ErpOrders::TABLE, run, system)
    }
}

/// External reference, number; orders before invoices and the id only break
/// ties, so the order is total.
fn reading_order(a: &ErpOrder, b: &ErpOrder) -> Ordering {
    let key = |o: &ErpOrder| matches!(o.document, model::erp::ErpDocument::PostedInvoice { .. });
    (&a.external_reference, &a.number)
        .cmp(&(&b.external_reference, &b.number))
        .then_with(|| key(a).cmp(&key(b)))
        .then_with(|| a.id.cmp(&b.id))
}

fn write_lines(
    insert_line: &mut CachedStatement<'_>,
    path: &Path,
    version: i64,
    lines: &[ErpOrderLine],
) -> Result<()> {
    for (line_no, l) in lines.iter().enumerate() {
        insert_line
            .execute((
                version,
                line_no as i64,
                &l.item_number,
                text::decimal(&l.quantity),
                text::decimal(&l.unit_price),
                text::decimal(&l.amount_including_tax),
            ))
            .at(path)?;
    }
    Ok(())
}
