//! What a drift world contains on purpose, as JSON: every injected mismatch with its natural
//! key, the orders that are legitimately absent from the ERP (in flight) or present only as
//! posted invoices, and the mappings a merchant would configure to reconcile the two sides.
//!
//! Invariant: `drift` is sorted by `(entity, kind, key)` and holds no duplicate; it is exactly
//! what a correct reconciliation of the world's two sides reports (see [`super`] for the key
//! formats and the eligibility rules).

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The ground truth of one world.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub scenario: String,
    pub seed: u64,
    /// Every injected mismatch, sorted by `(entity, kind, key)`.
    pub drift: Vec<Injected>,
    /// Increment ids of orders that must reach the ERP but are younger than the grace period.
    pub in_flight_orders: Vec<String>,
    /// Increment ids of orders whose ERP twin is a posted `salesInvoice` (no `salesOrder`).
    pub invoiced_orders: Vec<String>,
    pub mappings: Mappings,
}

/// One injected mismatch.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Injected {
    /// `order`, `stock` or `price`.
    pub entity: String,
    /// A DESIGN.md kind: `missing_in_erp`, `missing_in_magento`, `duplicate_in_erp`,
    /// `total_mismatch`, `currency_mismatch`, `line_mismatch`, `status_mismatch`,
    /// `qty_mismatch`, `unmapped_location`, `special_price_mismatch`, `tier_price_mismatch`,
    /// `price_mismatch`.
    pub kind: String,
    /// The natural key, formatted as documented in [`super`].
    pub key: String,
    /// The Magento side, human readable (`None` when Magento has no such record).
    pub magento: Option<String>,
    /// The ERP side, human readable (`None` when the ERP has no such record).
    pub erp: Option<String>,
}

/// The configuration a merchant would enter to reconcile this world.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mappings {
    /// Magento source code <-> Business Central location code, one per Magento source.
    pub locations: Vec<LocationMapping>,
    /// ERP locations that hold stock and map to no Magento source.
    pub unmapped_locations: Vec<String>,
    /// Magento sources that hold stock and have no ERP location.
    #[serde(default)]
    pub unmapped_sources: Vec<String>,
    /// ERP locations the merchant excludes from stock reconciliation on purpose.
    #[serde(default)]
    pub excluded_locations: Vec<String>,
    /// (website, customer group, price type) <-> price list code.
    pub price_lists: Vec<PriceListMapping>,
    /// Magento SKU <-> ERP item number: identity in every generated world.
    pub sku_is_item_number: bool,
    /// The ERP's local currency: price-list lines are in it.
    pub local_currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationMapping {
    pub source_code: String,
    pub location_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceListMapping {
    /// Magento website id (tier prices are stored with website 0, "all websites").
    pub website_id: u32,
    /// Magento customer group id; 32000 is "ALL GROUPS".
    pub customer_group_id: u32,
    /// `base`, `special` or `tier`.
    pub price_type: String,
    pub price_list_code: String,
}

impl Manifest {
    /// Writes the manifest as pretty JSON.
    pub fn write_json(&self, path: &Path) -> io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        std::fs::write(path, json)
    }

    /// The injected entries of one entity and kind.
    pub fn entries<'a>(
        &'a self,
        entity: &'a str,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a Injected> + 'a {
        self.drift
            .iter()
            .filter(move |i| i.entity == entity && i.kind == kind)
    }
}

impl Injected {
    pub(crate) fn new(
        entity: &str,
        kind: &str,
        key: String,
        magento: Option<String>,
        erp: Option<String>,
    ) -> Self {
        Injected {
            entity: entity.to_string(),
            kind: kind.to_string(),
            key,
            magento,
            erp,
        }
    }
}
