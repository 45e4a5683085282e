//! Orders: versioned `orders` with their `order_lines`, natural key
//! (system, entity_id). Lines belong to one order version (`order_version`) and
//! keep their original order (`line_no`); a changed order gets a new version
//! with its own copy of the lines, so older snapshots keep theirs.

use std::path::Path;

use model::{Order, OrderLine, System};
use rusqlite::{CachedStatement, ToSql, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::{
    self,
    runs::{self, RunId},
};
use crate::text::{self, Count, Dec, Time};
use crate::versioning::{self, VISIBLE_AT};
use crate::writer::{Table, Writer, public_writer};
use crate::{Store, hash};

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-11-23-0002-orders",
    sql: "
CREATE TABLE orders (
    id                  INTEGER PRIMARY KEY,
    system              TEXT NOT NULL,
    entity_id           INTEGER NOT NULL,
    increment_id        TEXT NOT NULL,
    store_id            INTEGER NOT NULL,
    state               TEXT NOT NULL,
    status              TEXT NOT NULL,
    currency            TEXT NOT NULL,
    grand_total         TEXT NOT NULL,
    base_grand_total    TEXT NOT NULL,
    subtotal            TEXT NOT NULL,
    tax_amount          TEXT NOT NULL,
    shipping_amount     TEXT NOT NULL,
    discount_amount     TEXT NOT NULL,
    total_paid          TEXT NOT NULL,
    total_refunded      TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    customer_email_hash TEXT,
    content_hash        INTEGER NOT NULL,
    valid_from_run      INTEGER NOT NULL REFERENCES runs(id),
    valid_to_run        INTEGER REFERENCES runs(id)
) STRICT;

CREATE TABLE order_lines (
    order_version   INTEGER NOT NULL REFERENCES orders(id),
    line_no         INTEGER NOT NULL,
    sku             TEXT NOT NULL,
    qty             TEXT NOT NULL,
    unit_price      TEXT NOT NULL,
    row_total       TEXT NOT NULL,
    tax_amount      TEXT NOT NULL,
    discount_amount TEXT NOT NULL,
    PRIMARY KEY (order_version, line_no)
) STRICT, WITHOUT ROWID;
",
}];

const INSERT: &str = "INSERT INTO orders (system, entity_id, increment_id, store_id, state,
    status, currency, grand_total, base_grand_total, subtotal, tax_amount, shipping_amount,
    discount_amount, total_paid, total_refunded, created_at, updated_at, customer_email_hash,
    content_hash, valid_from_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
    ?19, ?20)";
const REWRITE: &str = "UPDATE orders SET increment_id = ?3, store_id = ?4, state = ?5,
    status = ?6, currency = ?7, grand_total = ?8, base_grand_total = ?9, subtotal = ?10,
    tax_amount = ?11, shipping_amount = ?12, discount_amount = ?13, total_paid = ?14,
    total_refunded = ?15, created_at = ?16, updated_at = ?17, customer_email_hash = ?18,
    content_hash = ?19
    WHERE id = ?20 AND system = ?1 AND entity_id = ?2";
const INSERT_LINE: &str = "INSERT INTO order_lines (order_version, line_no, sku, qty,
    unit_price, row_total, tax_amount, discount_amount)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const DELETE_LINES: &str = "DELETE FROM order_lines WHERE order_version = ?1";

/// A writer's scope: the system read.
#[derive(Debug)]
pub(crate) struct Orders {
    system: System,
}

pub(crate) struct Statements<'c> {
    insert: CachedStatement<'c>,
    rewrite: CachedStatement<'c>,
    insert_line: CachedStatement<'c>,
    delete_lines: CachedStatement<'c>,
}

impl Table for Orders {
    type Row = Order;
    type Statements<'c> = Statements<'c>;

    const TABLE: &'static str = "orders";
    const CHILDREN: &'static [(&'static str, &'static str)] = &[("order_lines", "order_version")];
    const CURRENT: &'static str = "SELECT id, content_hash, valid_from_run, entity_id
        FROM orders WHERE system = ?1 AND valid_to_run IS NULL";

    fn load_key(row: &rusqlite::Row<'_>, key: &mut Vec<u8>) -> rusqlite::Result<()> {
        key.extend_from_slice(&row.get::<_, Count>(3)?.0.to_le_bytes());
        Ok(())
    }

    fn key(o: &Order, key: &mut Vec<u8>) {
        key.extend_from_slice(&o.entity_id.to_le_bytes());
    }

    fn hash(o: &Order) -> i64 {
        hash::order(o)
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
        o: &Order,
        hash: i64,
    ) -> Result<i64> {
        // ?20 is valid_from_run in INSERT.
        let id = self.execute(&mut s.insert, path, o, hash, run, true)?;
        write_lines(&mut s.insert_line, path, id, &o.lines)?;
        Ok(id)
    }

    fn rewrite(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        id: i64,
        o: &Order,
        hash: i64,
    ) -> Result<()> {
        // ?20 is the version id in REWRITE.
        self.execute(&mut s.rewrite, path, o, hash, id, false)?;
        s.delete_lines.execute([id]).at(path)?;
        write_lines(&mut s.insert_line, path, id, &o.lines)
    }
}

impl Orders {
    /// Runs INSERT or REWRITE, which share parameters ?1 to ?19; returns the
    /// new row id when `insert`.
    fn execute(
        &self,
        stmt: &mut CachedStatement<'_>,
        path: &Path,
        o: &Order,
        hash: i64,
        last: i64,
        insert: bool,
    ) -> Result<i64> {
        let entity_id = text::int("order entity_id", o.entity_id)?;
        let money = [
            &o.grand_total,
            &o.base_grand_total,
            &o.subtotal,
            &o.tax_amount,
            &o.shipping_amount,
            &o.discount_amount,
            &o.total_paid,
            &o.total_refunded,
        ]
        .map(text::decimal);
        let created_at = text::time(&o.created_at);
        let updated_at = text::time(&o.updated_at);
        let params: [&dyn ToSql; 20] = [
            &self.system.as_str(),
            &entity_id,
            &o.increment_id,
            &o.store_id,
            &o.state,
            &o.status,
            &o.currency,
            &money[0],
            &money[1],
            &money[2],
            &money[3],
            &money[4],
            &money[5],
            &money[6],
            &money[7],
            &created_at,
            &updated_at,
            &o.customer_email_hash,
            &hash,
            &last,
        ];
        if insert {
            stmt.insert(&params[..]).at(path)
        } else {
            stmt.execute(&params[..]).at(path).map(|_| last)
        }
    }
}

public_writer! {
    /// Stores the orders of one system read in one run, change only (see the
    /// [crate docs](crate#versioned-rows)).
    OrdersWriter(Orders) of Order
}

impl Store {
    /// A writer for the orders of `system` read in `run` (which must be running).
    pub fn orders_writer(&mut self, run: RunId, system: System) -> Result<OrdersWriter<'_>> {
        let table = Orders { system };
        Writer::open(&mut self.conn, &self.path, run, table, [system.as_str()]).map(OrdersWriter)
    }

    /// The orders of `system` as they were in the snapshot of `run`, ordered by
    /// `entity_id`, each with its lines in their original order.
    pub fn orders_at(&self, run: RunId, system: System) -> Result<Vec<Order>> {
        let path = self.path.as_path();
        runs::require_exists(&self.conn, path, run)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, entity_id, increment_id, store_id, state, status, currency,
                        grand_total, base_grand_total, subtotal, tax_amount, shipping_amount,
                        discount_amount, total_paid, total_refunded, created_at, updated_at,
                        customer_email_hash
                 FROM orders WHERE system = ?2 AND {VISIBLE_AT}"
            ))
            .at(path)?;
        let mut versions: Vec<(i64, Order)> = stmt
            .query_map((run.0, system.as_str()), |row| {
                let order = Order {
                    entity_id: row.get::<_, Count>(1)?.0,
                    increment_id: row.get(2)?,
                    store_id: row.get(3)?,
                    state: row.get(4)?,
                    status: row.get(5)?,
                    currency: row.get(6)?,
                    grand_total: row.get::<_, Dec>(7)?.0,
                    base_grand_total: row.get::<_, Dec>(8)?.0,
                    subtotal: row.get::<_, Dec>(9)?.0,
                    tax_amount: row.get::<_, Dec>(10)?.0,
                    shipping_amount: row.get::<_, Dec>(11)?.0,
                    discount_amount: row.get::<_, Dec>(12)?.0,
                    total_paid: row.get::<_, Dec>(13)?.0,
                    total_refunded: row.get::<_, Dec>(14)?.0,
                    created_at: row.get::<_, Time>(15)?.0,
                    updated_at: row.get::<_, Time>(16)?.0,
                    customer_email_hash: row.get(17)?,
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
                "SELECT l.order_version, l.sku, l.qty, l.unit_price, l.row_total,
                        l.tax_amount, l.discount_amount
                 FROM order_lines l JOIN orders o ON o.id = l.order_version
                 WHERE o.system = ?2 AND {VISIBLE_AT}
                 ORDER BY l.order_version, l.line_no"
            ))
            .at(path)?;
        let lines = stmt
            .query_map((run.0, system.as_str()), |row| {
                let line = OrderLine {
                    sku: row.get(1)?,
                    qty: row.get::<_, Dec>(2)?.0,
                    unit_price: row.get::<_, Dec>(3)?.0,
                    row_total: row.get::<_, Dec>(4)?.0,
                    tax_amount: row.get::<_, Dec>(5)?.0,
                    discount_amount: row.get::<_, Dec>(6)?.0,
                };
                Ok((row.get(0)?, line))
            })
            .at(path)?;
        table::attach(&mut versions, lines, path, |o, line| o.lines.push(line))?;
        let mut orders: Vec<Order> = versions.into_iter().map(|(_, o)| o).collect();
        orders.sort_unstable_by_key(|o| o.entity_id);
        Ok(orders)
    }

    pub fn count_orders_at(&self, run: RunId, system: System) -> Result<u64> {
        runs::require_exists(&self.conn, &self.path, run)?;
        versioning::count_at(&self.conn, &self.path, Orders::TABLE, run, system)
    }
}

fn write_lines(
    insert_line: &mut CachedStatement<'_>,
    path: &Path,
    version: i64,
    lines: &[OrderLine],
) -> Result<()> {
    for (line_no, l) in lines.iter().enumerate() {
        insert_line
            .execute((
                version,
                line_no as i64,
                &l.sku,
                text::decimal(&l.qty),
                text::decimal(&l.unit_price),
                text::decimal(&l.row_total),
                text::decimal(&l.tax_amount),
                text::decimal(&l.discount_amount),
            ))
            .at(path)?;
    }
    Ok(())
}
