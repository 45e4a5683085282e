//! The price data of one product in one store scope.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductPrice {
    pub sku: String,
    pub product_id: u64,
    /// Base price; `None` when the product carries none (e.g. a configurable parent).
    pub price: Option<Decimal>,
    pub special_price: Option<Decimal>,
    /// Inclusive window of the special price; open-ended where `None`.
    pub special_from: Option<DateTime<Utc>>,
    pub special_to: Option<DateTime<Utc>>,
    pub tier_prices: Vec<TierPrice>,
    pub updated_at: DateTime<Utc>,
}

/// A quantity break for one customer group on one website.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierPrice {
    /// 32000 is Magento's "ALL GROUPS".
    pub customer_group_id: u32,
    /// 0 is "all websites".
    pub website_id: u32,
    pub qty: Decimal,
    /// Fixed unit price, or the price computed from `percentage_value` by Magento.
    pub value: Decimal,
    pub percentage_value: Option<Decimal>,
}
