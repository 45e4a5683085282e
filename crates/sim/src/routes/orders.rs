//! `GET /V1/orders` and `GET /V1/orders/{id}` over the generated orders and the run-time
//! overlay.

use axum::response::{IntoResponse, Response};

use crate::config::SimConfig;
use crate::dataset::{OrderHead, build_order, increment_id, order_head};
use crate::errors::ApiError;
use crate::overlay::Overlay;
use crate::search::{Column, Row, Table, Value};
use crate::state::SimState;

/// The orders as a searchable table keyed by `entity_id`.
pub(super) struct OrdersTable<'a> {
    cfg: &'a SimConfig,
    overlay: &'a Overlay,
}

impl<'a> OrdersTable<'a> {
    pub fn new(cfg: &'a SimConfig, overlay: &'a Overlay) -> Self {
        OrdersTable { cfg, overlay }
    }

    fn head(&self, id: u64) -> OrderHead {
        order_head(
            self.cfg,
            id,
            self.overlay.override_for(self.cfg, id).as_ref(),
        )
    }

    fn order(&self, id: u64) -> crate::dataset::Order {
        build_order(
            self.cfg,
            id,
            self.overlay.override_for(self.cfg, id).as_ref(),
        )
    }
}

impl Table for OrdersTable<'_> {
    fn bounds(&self) -> (u64, u64) {
        (1, self.overlay.max_id(self.cfg))
    }

    fn column(&self, field: &str) -> Column {
        match field {
            "entity_id" => Column::Key,
            "increment_id" => Column::Monotone { unique: true },
            "created_at" => Column::Monotone { unique: false },
            _ => Column::Other,
        }
    }

    fn value(&self, row: Row, field: &str) -> Value {
        let id = row.outer;
        // The columns incremental reads filter on are computed without building the order.
        match field {
            "entity_id" => Value::Int(id as i64),
            "increment_id" => Value::text(increment_id(id)),
            "store_id" => Value::Int(1),
            "created_at" => Value::Time(self.head(id).created_at),
            "updated_at" => Value::Time(self.head(id).updated_at),
            "state" => Value::text(self.head(id).state.state()),
            "status" => Value::text(self.head(id).state.status()),
            "order_currency_code" => Value::text(if self.head(id).eur { "EUR" } else { "USD" }),
            "base_currency_code" | "global_currency_code" | "store_currency_code" => {
                Value::text("USD")
            }
            _ => {
                let json = serde_json::to_value(self.order(id)).unwrap_or_default();
                Value::from_json(json.get(field))
            }
        }
    }

    fn write_row(&self, row: Row, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &self.order(row.outer))
    }
}

/// `GET /V1/orders/{id}`.
pub(super) fn get(state: &SimState, id: &str, query: &str) -> Response {
    let overlay = state.orders.snapshot();
    let table = OrdersTable::new(&state.cfg, &overlay);
    let Some(id) = id
        .parse::<u64>()
        .ok()
        .filter(|id| (1..=overlay.max_id(&state.cfg)).contains(id))
    else {
        return ApiError::no_such_entity().into_response();
    };
    super::single(&table.order(id), query)
}
