//! Stock per source (Magento MSI) and the sources themselves.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The quantity of one SKU at one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceItem {
    pub sku: String,
    pub source_code: String,
    pub quantity: Decimal,
    /// Magento's `status` 1 (in stock) or 0 (out of stock).
    pub in_stock: bool,
}

/// A place stock is held (warehouse, store, drop-shipper).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub code: String,
    pub name: String,
    pub enabled: bool,
}
