//! Current rows of a snapshot table as stored, for people who want to see exactly what was
//! read (the desktop's detail drawer): every column but the bookkeeping ones, item lines
//! included, as JSON.

use rusqlite::types::ValueRef;
use serde_json::{Map, Value};

use crate::error::{At, Result};
use crate::migrations::Migration;
use model::System;

use crate::Store;

/// One index per table on the column a drill-down looks rows up by: the detail drawer's
/// current records and the stock history chart. Without them each look-up scanned the table
/// (0.2 s per million source items, measured). Writes pay for them: +20-25% on inserting a
/// million source items into a bare table (docs/benchmarks.md).
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-11-23-0013-lookup-indexes",
    sql: "
CREATE INDEX orders_by_increment_id ON orders (increment_id);
CREATE INDEX erp_orders_by_external_reference ON erp_orders (external_reference);
CREATE INDEX source_items_by_sku ON source_items (sku);
CREATE INDEX erp_stock_by_item ON erp_stock (item_number);
CREATE INDEX prices_by_sku ON prices (sku);
CREATE INDEX erp_price_lines_by_item ON erp_price_lines (item_number);
",
}];

/// A snapshot table whose stored rows can be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordTable {
    Orders,
    ErpOrders,
    SourceItems,
    ErpStock,
    /// Magento's prices per store view, with their tier prices.
    Prices,
    ErpPriceLines,
}

impl RecordTable {
    fn name(self) -> &'static str {
        match self {
            RecordTable::Orders => "orders",
            RecordTable::ErpOrders => "erp_orders",
            RecordTable::SourceItems => "source_items",
            RecordTable::ErpStock => "erp_stock",
            RecordTable::Prices => "prices",
            RecordTable::ErpPriceLines => "erp_price_lines",
        }
    }

    /// The columns a row may be looked up by.
    fn keys(self) -> &'static [&'static str] {
        match self {
            RecordTable::Orders => &["increment_id"],
            RecordTable::ErpOrders => &["external_reference", "number"],
            RecordTable::SourceItems => &["source_code", "sku"],
            RecordTable::ErpStock => &["location_code", "item_number"],
            RecordTable::Prices => &["sku"],
            RecordTable::ErpPriceLines => &["item_number"],
        }
    }

    /// The table of a row's lines, as (name in the record, table, SELECT of one row's lines).
    fn lines(self) -> Option<(&'static str, &'static str)> {
        match self {
            RecordTable::Orders => Some((
                "lines",
                "SELECT * FROM order_lines WHERE order_version = ?1 ORDER BY line_no",
            )),
            RecordTable::ErpOrders => Some((
                "lines",
                "SELECT * FROM erp_order_lines WHERE order_version = ?1 ORDER BY line_no",
            )),
            RecordTable::Prices => Some((
                "tier_prices",
                "SELECT * FROM tier_prices WHERE price_version = ?1 ORDER BY position",
            )),
            _ => None,
        }
    }
}

/// Bookkeeping columns, not part of what the system said.
const HIDDEN: &[&str] = &[
    "id",
    "system",
    "content_hash",
    "valid_from_run",
    "valid_to_run",
    "order_version",
    "price_version",
];

/// At most this many rows per lookup (a key names one row, or a few documents).
const MAX_ROWS: usize = 20;

impl Store {
    /// The current rows of `table` from `system` whose `columns` equal the values given.
    /// Columns that are not lookup keys of the table are refused (an empty answer).
    pub fn current_records(
        &self,
        table: RecordTable,
        system: System,
        columns: &[(&str, &str)],
    ) -> Result<Vec<Value>> {
        if columns.is_empty() || columns.iter().any(|(c, _)| !table.keys().contains(c)) {
            return Ok(Vec::new());
        }
        let path = self.path.as_path();
        let conditions: String = columns
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!(" AND {c} = ?{}", i + 2))
            .collect();
        let sql = format!(
            "SELECT * FROM {} WHERE system = ?1 AND valid_to_run IS NULL{conditions} LIMIT {MAX_ROWS}",
            table.name()
        );
        let system = system.as_str();
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&system];
        for (_, value) in columns {
            params.push(value);
        }
        let mut stmt = self.conn.prepare(&sql).at(path)?;
        let mut rows = stmt
            .query_map(&params[..], |row| {
                Ok((row.get::<_, i64>("id")?, as_json(row)?))
            })
            .at(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(path)?;
        if let Some((name, select)) = table.lines() {
            let mut stmt = self.conn.prepare(select).at(path)?;
            for (id, record) in &mut rows {
                let items = stmt
                    .query_map([*id], as_json)
                    .at(path)?
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .at(path)?;
                record.insert(
                    name.to_string(),
                    Value::Array(items.into_iter().map(Value::Object).collect()),
                );
            }
        }
        Ok(rows.into_iter().map(|(_, r)| Value::Object(r)).collect())
    }
}

fn as_json(row: &rusqlite::Row<'_>) -> rusqlite::Result<Map<String, Value>> {
    let mut record = Map::new();
    for (i, name) in row.as_ref().column_names().enumerate() {
        if HIDDEN.contains(&name) {
            continue;
        }
        let value = match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::from(n),
            ValueRef::Real(x) => Value::from(x),
            ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => continue,
        };
        record.insert(name.to_string(), value);
    }
    Ok(record)
}
