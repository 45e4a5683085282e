//! `GET /V1/inventory/sources` and `GET /V1/inventory/source-items`.

use crate::config::SimConfig;
use crate::dataset::{
    sku, source, source_code, source_item, source_item_quantity, source_item_status,
};
use crate::search::{Column, Row, Table, Value};

/// Sources as a table keyed by `index + 1`.
pub(super) struct SourcesTable<'a> {
    cfg: &'a SimConfig,
}

impl<'a> SourcesTable<'a> {
    pub fn new(cfg: &'a SimConfig) -> Self {
        SourcesTable { cfg }
    }
}

impl Table for SourcesTable<'_> {
    fn bounds(&self) -> (u64, u64) {
        (1, u64::from(self.cfg.sources))
    }

    fn column(&self, _field: &str) -> Column {
        Column::Other
    }

    fn value(&self, row: Row, field: &str) -> Value {
        let json =
            serde_json::to_value(source(self.cfg, (row.outer - 1) as u32)).unwrap_or_default();
        Value::from_json(json.get(field))
    }

    fn write_row(&self, row: Row, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &source(self.cfg, (row.outer - 1) as u32))
    }
}

/// Source items: outer key = product index (SKU order), inner = source index.
pub(super) struct SourceItemsTable<'a> {
    cfg: &'a SimConfig,
}

impl<'a> SourceItemsTable<'a> {
    pub fn new(cfg: &'a SimConfig) -> Self {
        SourceItemsTable { cfg }
    }
}

impl Table for SourceItemsTable<'_> {
    fn bounds(&self) -> (u64, u64) {
        (1, self.cfg.skus)
    }

    fn inner(&self) -> Vec<u32> {
        (0..self.cfg.sources).collect()
    }

    fn column(&self, field: &str) -> Column {
        match field {
            "sku" => Column::Monotone { unique: true },
            "source_code" => Column::Inner,
            _ => Column::Other,
        }
    }

    fn value(&self, row: Row, field: &str) -> Value {
        match field {
            "sku" => Value::text(sku(row.outer)),
            "source_code" => Value::text(source_code(row.inner)),
            "quantity" => Value::Dec(source_item_quantity(self.cfg, row.outer, row.inner)),
            "status" => Value::Int(i64::from(source_item_status(
                self.cfg, row.outer, row.inner,
            ))),
            _ => Value::Null,
        }
    }

    fn write_row(&self, row: Row, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &source_item(self.cfg, row.outer, row.inner))
    }
}
