//! Reconciliation: a pure function of the two systems' snapshots, the rules and `now`, that
//! returns every mismatch (DESIGN.md "The three entities") and the control totals. No I/O and
//! no clock: the engine loads the snapshots, passes the time in and records the results.
//!
//! Each side becomes plain columns (integer key codes, scaled integers, row numbers) in one
//! pass over its rows; the sides are lined up by key with a merge of sorted codes
//! (`align.rs`), compared in polars lazy frames, and control totals are grouped there too. Only
//! the few rows that differ come back to Rust, where the finding is built from the original
//! decimals and the tolerances are applied exactly.

mod align;
mod days;
mod frame;
mod orders;
mod places;
mod prices;
mod scaled;
mod stock;
mod totals;

pub use days::LocalDays;

use chrono::{DateTime, NaiveDate, Utc};
use model::config::Mapping;
use model::erp::{ErpOrder, LocationStock, PriceListLine};
use model::{ControlTotal, Finding, Order, ProductPrice, ReconConfig, SourceItem};
use serde::Serialize;

/// What reconciliation is told to apply.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub recon: &'a ReconConfig,
    pub mapping: &'a Mapping,
}

/// The orders of both systems as of their snapshots.
#[derive(Debug, Clone, Copy)]
pub struct OrderSides<'a> {
    pub magento: &'a [Order],
    pub erp: &'a [ErpOrder],
    /// Which day an order counts on in the control totals.
    pub days: &'a LocalDays,
}

/// Stock per source and location, plus Magento's prices to value the differences.
#[derive(Debug, Clone, Copy)]
pub struct StockSides<'a> {
    pub magento: &'a [SourceItem],
    pub erp: &'a [LocationStock],
    /// Base prices valuing a quantity difference (value at risk); may be empty.
    pub unit_prices: &'a [ProductPrice],
    /// The currency of `unit_prices` (Magento's base currency), when known.
    pub price_currency: Option<&'a str>,
    /// Every Magento source and ERP location of the full snapshots, when `magento` and `erp`
    /// hold only some SKUs' rows (a re-read of suspects): which places pair up is judged by
    /// them. `None`: the places of the rows.
    pub places: Option<PlaceNames<'a>>,
}

/// The distinct places of both stock snapshots.
#[derive(Debug, Clone, Copy)]
pub struct PlaceNames<'a> {
    pub sources: &'a [String],
    pub locations: &'a [String],
}

/// Magento's prices and the ERP's price-list lines.
#[derive(Debug, Clone, Copy)]
pub struct PriceSides<'a> {
    pub magento: &'a [ProductPrice],
    pub erp: &'a [PriceListLine],
    /// The currency Magento's catalogue prices are in (its base currency), when known: ERP
    /// lines in another currency are not compared with them.
    pub currency: Option<&'a str>,
}

/// What one reconciliation of an entity found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Rows read on each side, and what could not be compared (said, never dropped silently).
    pub compared: Compared,
    pub notes: Vec<String>,
    /// Orders only: count and revenue per day and currency on both sides.
    pub control_totals: Vec<ControlTotal>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Compared {
    pub magento_rows: u64,
    pub erp_rows: u64,
    /// Orders younger than the grace period, not yet expected in the ERP.
    pub in_flight: u64,
    /// Rows that could not be compared (no location, no price list mapped...).
    pub skipped: u64,
    /// Rows left out on purpose (stock at excluded sources and locations).
    pub excluded: u64,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("reconciliation failed inside the data frame engine: {0}")]
    Frame(#[from] polars::prelude::PolarsError),
}

pub type Result<T> = std::result::Result<T, Error>;

/// The signature reconciliation compares item lines by (sorted item numbers and quantities,
/// configurable products once): equal line sets, equal signatures. For benchmarks and exports.
pub fn magento_line_signature(order: &Order, rules: Rules<'_>) -> u64 {
    orders::magento_signature(order, rules)
}

/// See [`magento_line_signature`].
pub fn erp_line_signature(order: &ErpOrder) -> u64 {
    orders::erp_signature(order)
}

/// Orders: missing on either side, duplicates, totals, currency, lines and statuses; and the
/// control totals per day and currency.
pub fn reconcile_orders(
    sides: OrderSides<'_>,
    rules: Rules<'_>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    orders::reconcile(sides, rules, now)
}

/// Stock per source: quantities, rows on one side only, unmapped sources and locations (one
/// finding per place), statuses.
pub fn reconcile_stock(sides: StockSides<'_>, rules: Rules<'_>) -> Result<Outcome> {
    stock::reconcile(sides, rules)
}

/// Prices in force on `today`: base, special and tier prices against the mapped price lists.
pub fn reconcile_prices(
    sides: PriceSides<'_>,
    rules: Rules<'_>,
    today: NaiveDate,
) -> Result<Outcome> {
    prices::reconcile(sides, rules, today)
}
