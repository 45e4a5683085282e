//! `GET /V1/orders`: orders with their item rows, counted once per product.

use chrono::{DateTime, Utc};
use model::config::ConfigurableLines;
use model::{Order, OrderLine};
use sha2::{Digest, Sha256};

use crate::Client;
use crate::error::{Error, Result};
use crate::lenient::format_datetime;
use crate::page::{Keyed, ListSpec, Read, Scope, spawn_read};
use crate::search::Filter;
use crate::wire::{WireOrder, WireOrderItem};
use connector::Counters;

/// Exactly the order fields [`crate::wire::WireOrder`] reads.
const ORDER_FIELDS: &str = "items[entity_id,increment_id,store_id,state,status,\
    order_currency_code,grand_total,base_grand_total,subtotal,tax_amount,shipping_amount,\
    discount_amount,total_paid,total_refunded,created_at,updated_at,customer_email,\
    items[item_id,parent_item_id,sku,product_type,qty_ordered,price,row_total,tax_amount,\
    discount_amount]],total_count";

#[derive(Debug)]
pub struct OrdersApi<'c> {
    pub(crate) client: &'c Client,
}

impl Keyed for WireOrder {
    fn key(&self) -> String {
        self.entity_id.to_string()
    }
}

impl OrdersApi<'_> {
    /// How many orders the store scope holds (one row asked, `total_count` read).
    pub async fn count(&self) -> Result<u64> {
        #[derive(serde::Deserialize)]
        struct Counted {
            total_count: Option<u64>,
        }
        let query = [
            ("searchCriteria[pageSize]".to_owned(), "1".to_owned()),
            ("searchCriteria[currentPage]".to_owned(), "1".to_owned()),
        ];
        let what = "the number of orders";
        let counted: Counted = self
            .client
            .http
            .get("orders", &query, what, &Counters::default())
            .await?;
        counted.total_count.ok_or_else(|| Error::Inconsistent {
            what: what.to_owned(),
            detail: "Magento's reply has no total_count".to_owned(),
        })
    }

    /// Every order, or those updated at or after `since` (an incremental read;
    /// `gteq` so an order changed in the watermark's own second is not lost).
    pub fn read(&self, since: Option<DateTime<Utc>>) -> Read<Order> {
        let filters = since
            .map(|at| vec![vec![Filter::new("updated_at", "gteq", format_datetime(at))]])
            .unwrap_or_default();
        let spec = ListSpec {
            path: "orders",
            what: "orders",
            key_field: "entity_id",
            fields: Some(ORDER_FIELDS),
            scopes: vec![Scope {
                label: String::new(),
                filters,
            }],
        };
        let convert = match self.client.configurable_lines {
            ConfigurableLines::Parent => to_order_keep_parent,
            ConfigurableLines::Child => to_order_keep_child,
        };
        spawn_read(
            self.client.http.clone(),
            spec,
            self.client.page_options(),
            convert,
        )
    }
}

fn to_order_keep_parent(wire: WireOrder) -> Order {
    to_order(wire, ConfigurableLines::Parent)
}

fn to_order_keep_child(wire: WireOrder) -> Order {
    to_order(wire, ConfigurableLines::Child)
}

pub(crate) fn to_order(wire: WireOrder, mode: ConfigurableLines) -> Order {
    let lines = order_lines(&wire.items, mode);
    let created_at = wire.created_at.unwrap_or_default();
    Order {
        entity_id: wire.entity_id,
        increment_id: wire.increment_id,
        store_id: wire.store_id.unwrap_or_default() as u32,
        state: wire.state.unwrap_or_default(),
        status: wire.status.unwrap_or_default(),
        currency: wire.order_currency_code.unwrap_or_default(),
        grand_total: wire.grand_total,
        base_grand_total: wire.base_grand_total,
        subtotal: wire.subtotal,
        tax_amount: wire.tax_amount,
        shipping_amount: wire.shipping_amount,
        discount_amount: wire.discount_amount,
        total_paid: wire.total_paid,
        total_refunded: wire.total_refunded,
        created_at,
        updated_at: wire.updated_at.unwrap_or(created_at),
        customer_email_hash: wire.customer_email.as_deref().map(email_hash),
        lines,
    }
}

/// A configurable product is two rows: the priced parent (whose `sku` is
/// already the child's) and a zero-priced child pointing at it. Keep one.
fn order_lines(items: &[WireOrderItem], mode: ConfigurableLines) -> Vec<OrderLine> {
    let is_configurable_parent = |id: Option<u64>| {
        items.iter().any(|row| {
            row.item_id.is_some()
                && row.item_id == id
                && row.product_type.as_deref() == Some("configurable")
        })
    };
    let parent_of = |child: &WireOrderItem| {
        items
            .iter()
            .find(|row| row.item_id.is_some() && row.item_id == child.parent_item_id)
    };
    let line = |row: &WireOrderItem, money: &WireOrderItem| OrderLine {
        sku: row.sku.clone(),
        qty: row.qty_ordered,
        unit_price: money.price,
        row_total: money.row_total,
        tax_amount: money.tax_amount,
        discount_amount: money.discount_amount,
    };
    items
        .iter()
        .filter_map(|row| {
            let child_of_configurable =
                row.parent_item_id.is_some() && is_configurable_parent(row.parent_item_id);
            let configurable_parent = row.product_type.as_deref() == Some("configurable");
            match mode {
                ConfigurableLines::Parent if child_of_configurable => None,
                ConfigurableLines::Parent => Some(line(row, row)),
                ConfigurableLines::Child if configurable_parent => {
                    // A parent whose child row is missing still counts once.
                    let has_child = items
                        .iter()
                        .any(|c| c.parent_item_id.is_some() && c.parent_item_id == row.item_id);
                    (!has_child).then(|| line(row, row))
                }
                ConfigurableLines::Child if child_of_configurable => {
                    Some(line(row, parent_of(row).unwrap_or(row)))
                }
                ConfigurableLines::Child => Some(line(row, row)),
            }
        })
        .collect()
}

/// SHA-256 of the trimmed, lower-cased address, hex.
pub(crate) fn email_hash(email: &str) -> String {
    let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn configurable_order() -> WireOrder {
        serde_json::from_value(json!({
            "entity_id": 7, "increment_id": "000000007", "grand_total": 54.5,
            "customer_email": " Jane@Example.com ",
            "created_at": "2026-11-01 10:00:00",
            "items": [
                {"item_id": 1, "sku": "MT07-M-Gray", "product_type": "configurable",
                 "qty_ordered": 2, "price": 27.25, "row_total": 54.5},
                {"item_id": 2, "parent_item_id": 1, "sku": "MT07-M-Gray", "product_type": "simple",
                 "qty_ordered": 2, "price": 0, "row_total": 0,
                 "parent_item": {"item_id": 1, "sku": "MT07-M-Gray"}}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn configurable_products_count_once_either_way() {
        for mode in [ConfigurableLines::Parent, ConfigurableLines::Child] {
            let order = to_order(configurable_order(), mode);
            assert_eq!(order.lines.len(), 1, "{mode:?}");
            let line = &order.lines[0];
            assert_eq!(line.sku, "MT07-M-Gray");
            assert_eq!(line.qty.to_string(), "2");
            assert_eq!(line.row_total.to_string(), "54.5", "{mode:?}");
        }
    }

    #[test]
    fn e_mail_is_hashed_not_kept() {
        let order = to_order(configurable_order(), ConfigurableLines::Parent);
        assert_eq!(
            order.customer_email_hash.as_deref(),
            Some(email_hash("jane@example.com").as_str())
        );
        assert!(!format!("{order:?}").contains("Jane"));
    }
}
