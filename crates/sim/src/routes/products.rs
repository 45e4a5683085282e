//! `GET /V1/products` and `GET /V1/products/{sku}` over the generated catalogue, with the
//! base prices written through `POST /V1/products/base-prices`.

use axum::response::{IntoResponse, Response};

use crate::config::SimConfig;
use crate::dataset::{
    AttributeValue, StockItem, product, product_created_at, product_updated_at, sku, sku_index,
    source_item_quantity, source_item_status,
};
use crate::errors::ApiError;
use std::sync::Arc;

use crate::dataset::Product;
use crate::json::{Decimal, Money};
use crate::price_writes::Written;
use crate::search::{Column, Row, Table, Value};
use crate::state::SimState;

/// The catalogue as a searchable table keyed by product id.
pub(super) struct ProductsTable<'a> {
    cfg: &'a SimConfig,
    written: Arc<Written>,
}

impl<'a> ProductsTable<'a> {
    pub fn new(state: &'a SimState) -> Self {
        ProductsTable {
            cfg: &state.cfg,
            written: state.base_prices.snapshot(),
        }
    }

    fn product(&self, j: u64) -> Option<Product> {
        with_written(product(self.cfg, j), &self.written)
    }
}

/// The product with the base price written for it, if any.
fn with_written(p: Option<Product>, written: &Written) -> Option<Product> {
    let mut p = p?;
    if let Some(price) = written.get(&p.id) {
        p.price = *price;
    }
    Some(p)
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
                let Some(p) = self.product(j) else {
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
        match self.product(row.outer) {
            Some(p) => serde_json::to_writer(out, &p),
            None => Ok(()),
        }
    }
}

/// `GET /V1/products/{sku}`: the product plus its legacy stock item (default source).
pub(super) fn get(state: &SimState, requested: &str, query: &str) -> Response {
    let cfg = &state.cfg;
    let written = state.base_prices.snapshot();
    let Some(mut p) =
        sku_index(cfg, requested).and_then(|j| with_written(product(cfg, j), &written))
    else {
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

/// `POST /V1/products/base-prices` `{"prices": [{"price", "store_id", "sku"}]}`: writes the
/// valid rows and answers 200 with one entry per refused row (`[]`: all written). Like
/// Magento's, an entry names no row index and keeps its `%` placeholders, the values in
/// `parameters`; `updated_at` does not move.
pub(super) fn write_base_prices(state: &SimState, body: &[u8]) -> Response {
    #[derive(serde::Deserialize)]
    struct Body {
        prices: Vec<Row>,
    }
    #[derive(serde::Deserialize)]
    struct Row {
        price: f64,
        #[serde(default)]
        store_id: u32,
        sku: String,
    }
    let Ok(body) = serde_json::from_slice::<Body>(body) else {
        return ApiError::bad_request_body().into_response();
    };
    let cfg = &state.cfg;
    let mut failed = Vec::new();
    let mut written = Vec::new();
    for row in body.prices {
        let Some(j) = sku_index(cfg, &row.sku) else {
            failed.push(serde_json::json!({
                "message": "Requested product doesn't exist: %sku",
                "parameters": [row.sku],
            }));
            continue;
        };
        if row.price < 0.0 || row.store_id != 0 {
            let (field, value) = if row.price < 0.0 {
                ("Price", row.price.to_string())
            } else {
                ("Store ID", row.store_id.to_string())
            };
            failed.push(serde_json::json!({
                "message": "Invalid attribute %fieldName = %fieldValue.",
                "parameters": [field, value],
            }));
            continue;
        }
        written.push((j, Money((row.price * 100.0).round() as i64)));
    }
    state.base_prices.set(written);
    crate::errors::json_response(
        axum::http::StatusCode::OK,
        serde_json::to_vec(&failed).unwrap_or_default(),
    )
}
