//! `GET /V1/products` and `GET /V1/products/{sku}` over the generated catalogue.

use axum::response::{IntoResponse, Response};

use crate::config::SimConfig;
use crate::dataset::{
    AttributeValue, StockItem, product, product_created_at, product_updated_at, sku, sku_index,
    source_item_quantity, source_item_status,
};
use crate::errors::ApiError;
use crate::json::Decimal;
use crate::search::{Column, Row, Table, Value};
use crate::state::SimState;

/// The catalogue as a searchable table keyed by product id.
pub(super) struct ProductsTable<'a> {
    cfg: &'a SimConfig,
}

impl<'a> ProductsTable<'a> {
    pub fn new(cfg: &'a SimConfig) -> Self {
        ProductsTable { cfg }
    }
}

impl Table for ProductsTable<'_> {
    fn bounds(&self) -> (u64, u64) {
        (1, self.cfg.skus)
    }

    fn column(&self, field: &str) -> Column {
        match field {
            "entity_id" | "id" => Column::Key,
            "sku" => Column::Monotone { unique: true },
            "created_at" => Column::Monotone { unique: false },
            _ => Column::Other,
        }
    }

    fn value(&self, row: Row, field: &str) -> Value {
        let j = row.outer;
        match field {
            "entity_id" | "id" => Value::Int(j as i64),
            "sku" => Value::text(sku(j)),
            "created_at" => Value::Time(product_created_at(self.cfg, j)),
            "updated_at" => Value::Time(product_updated_at(self.cfg, j)),
            "type_id" => Value::text("simple"),
            "status" => Value::Int(1),
            _ => {
                let Some(p) = product(self.cfg, j) else {
                    return Value::Null;
                };
                // EAV attributes filter like columns; decimals and dates by their type.
                if let Some(AttributeValue::Text(v)) = p.custom_attribute(field) {
                    return match (v.parse::<f64>(), crate::json::parse_datetime(v)) {
                        (Ok(n), _) => Value::Dec(n),
                        (_, Some(t)) => Value::Time(t),
                        _ => Value::text(v.clone()),
                    };
                }
                let json = serde_json::to_value(&p).unwrap_or_default();
                Value::from_json(json.get(field))
            }
        }
    }

    fn write_row(&self, row: Row, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match product(self.cfg, row.outer) {
            Some(p) => serde_json::to_writer(out, &p),
            None => Ok(()),
        }
    }
}

/// `GET /V1/products/{sku}`: the product plus its legacy stock item (default source).
pub(super) fn get(state: &SimState, requested: &str, query: &str) -> Response {
    let cfg = &state.cfg;
    let Some(mut p) = sku_index(cfg, requested).and_then(|j| product(cfg, j)) else {
        return ApiError::no_such_product().into_response();
    };
    let j = p.id;
    let (qty, in_stock) = if cfg.sources > 0 {
        (
            source_item_quantity(cfg, j, 0),
            source_item_status(cfg, j, 0) == 1,
        )
    } else {
        (0.0, false)
    };
    p.extension_attributes.stock_item = Some(StockItem {
        item_id: j,
        product_id: j,
        stock_id: 1,
        qty: Decimal(qty),
        is_in_stock: in_stock,
        is_qty_decimal: false,
        manage_stock: true,
        min_qty: Decimal(0.0),
        min_sale_qty: Decimal(1.0),
        max_sale_qty: Decimal(10_000.0),
        backorders: 0,
    });
    super::single(&p, query)
}
