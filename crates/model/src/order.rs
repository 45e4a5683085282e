//! An order as reconciliation needs it: identity, status, money, lines.
//! No names or addresses; the customer e-mail only as a hash.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Magento's `entity_id`: the key of the record.
    pub entity_id: u64,
    /// The customer-visible number the ERP stores as its external reference.
    pub increment_id: String,
    pub store_id: u32,
    pub state: String,
    pub status: String,
    pub currency: String,
    pub grand_total: Decimal,
    pub base_grand_total: Decimal,
    pub subtotal: Decimal,
    pub tax_amount: Decimal,
    pub shipping_amount: Decimal,
    /// Negative or zero, as Magento reports it.
    pub discount_amount: Decimal,
    pub total_paid: Decimal,
    pub total_refunded: Decimal,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// SHA-256 of the lower-cased e-mail, hex; enough to group, useless to spam.
    pub customer_email_hash: Option<String>,
    pub lines: Vec<OrderLine>,
}

/// One sold SKU. A configurable product appears once, whichever of Magento's
/// two rows (parent or child) the configuration says to keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub sku: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub row_total: Decimal,
    pub tax_amount: Decimal,
    pub discount_amount: Decimal,
}
